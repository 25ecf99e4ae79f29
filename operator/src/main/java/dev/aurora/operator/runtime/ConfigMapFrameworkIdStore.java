package dev.aurora.operator.runtime;

import dev.aurora.mesos.FrameworkIdStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Keeps the Mesos framework id in a ConfigMap of the operator's namespace, so a restarted (or newly elected) operator
 * re-subscribes as the same framework and keeps its tasks (ARCHITECTURE.md rule 5).
 */
final class ConfigMapFrameworkIdStore implements FrameworkIdStore {
  private static final String KEY = "frameworkId";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  ConfigMapFrameworkIdStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<String> load() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(map).map(ConfigMap::getData).map(d -> d.get(KEY)).filter(s -> !s.isBlank());
  }

  @Override
  public void save(String frameworkId) {
    write(frameworkId);
  }

  @Override
  public void clear() {
    write("");
  }

  private void write(String value) {
    ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .addToData(KEY, value).build();
    client.configMaps().inNamespace(namespace).resource(map).forceConflicts().serverSideApply();
  }
}
