package dev.aurora.crd;

import dev.aurora.crd.v1alpha1.AuroraJob;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run after fabric8's CRD generator: it sorts the printer columns into the order declared on
 * {@link AuroraJob} (the generator sorts them by JSON path, which would put Age first in {@code kubectl get aj})
 * and marks {@code status.conditions} as a list-map keyed by {@code type}, which no generator annotation can say.
 */
public final class CrdFinisher {
  private CrdFinisher() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CrdFinisher GENERATED.yml OUTPUT.yaml");
    }
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(Path.of(args[0])),
        CustomResourceDefinition.class);
    finish(crd);
    Path out = Path.of(args[1]);
    Files.createDirectories(out.getParent());
    Files.writeString(out, "# Generated from the dev.aurora.crd.v1alpha1 types by the crd module's build. Do not edit.\n"
        + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
  }

  static void finish(CustomResourceDefinition crd) {
    List<String> declared = new ArrayList<>();
    for (AdditionalPrinterColumn column : AuroraJob.class.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      declared.add(column.name());
    }
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
      version.setAdditionalPrinterColumns(columns);

      JSONSchemaProps conditions = version.getSchema().getOpenAPIV3Schema()
          .getProperties().get("status").getProperties().get("conditions");
      conditions.setXKubernetesListType("map");
      conditions.setXKubernetesListMapKeys(List.of("type"));
    }
  }
}
