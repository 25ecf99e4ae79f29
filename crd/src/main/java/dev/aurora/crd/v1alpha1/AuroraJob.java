package dev.aurora.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An Apache Aurora job kept as a Kubernetes resource: the {@code .aurora} source travels in the spec, the operator
 * evaluates it, runs the selected job's instances and reports them in the status.
 */
@Group(AuroraJob.GROUP)
@Version(AuroraJob.VERSION)
@Kind("AuroraJob")
@Plural("aurorajobs")
@Singular("aurorajob")
@ShortNames({"aj", "ajob"})
@Categories("aurora")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".status.jobKey", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Instances", jsonPath = ".status.instances", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.counts.RUNNING", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class AuroraJob extends CustomResource<AuroraJobSpec, AuroraJobStatus> implements Namespaced {
  public static final String GROUP = "aurora.dev";
  public static final String VERSION = "v1alpha1";
  /** The name of the CRD object itself, {@code <plural>.<group>}. */
  public static final String CRD_NAME = "aurorajobs." + GROUP;

  private static final long serialVersionUID = 1L;
}
