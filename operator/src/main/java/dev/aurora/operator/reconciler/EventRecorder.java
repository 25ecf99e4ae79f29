package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJob;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes Kubernetes Events about an AuroraJob (what `kubectl describe aj` shows). Failures are logged, not fatal. */
final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "aurora-operator";

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void normal(AuroraJob job, String reason, String message) {
    record(job, "Normal", reason, message);
  }

  void warning(AuroraJob job, String reason, String message) {
    record(job, "Warning", reason, message);
  }

  private void record(AuroraJob job, String type, String reason, String message) {
    String now = Instant.now().toString();
    var meta = job.getMetadata();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 13))
        .withNamespace(meta.getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
            .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion()).build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, meta.getNamespace(), meta.getName(),
          e.getMessage());
    }
  }
}
