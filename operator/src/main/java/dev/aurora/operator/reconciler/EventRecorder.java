package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.operator.scheduling.Action;
import dev.aurora.operator.scheduling.JobRef;
import dev.aurora.operator.scheduling.ResourceEvents;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about an AuroraJob (what `kubectl describe aj` shows): the reconciler's, and the scheduling
 * core's ({@link ResourceEvents}). Failures are logged, not fatal.
 */
public final class EventRecorder implements ResourceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "aurora-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void normal(AuroraJob job, String reason, String message) {
    record(job, "Normal", reason, message);
  }

  void warning(AuroraJob job, String reason, String message) {
    record(job, "Warning", reason, message);
  }

  /** An Event of the scheduling core, on the AuroraJob its record belongs to. */
  @Override
  public void record(JobRef ref, String uid, Action.Event event) {
    record(new ObjectReferenceBuilder().withApiVersion(HasMetadata.getApiVersion(AuroraJob.class))
        .withKind(HasMetadata.getKind(AuroraJob.class)).withName(ref.name()).withNamespace(ref.namespace())
        .withUid(uid).build(), event.warning() ? "Warning" : "Normal", event.reason(), event.message());
  }

  void record(AuroraJob job, StatusEvents.StatusEvent event) {
    record(job, event.warning() ? "Warning" : "Normal", event.reason(), event.message());
  }

  private void record(AuroraJob job, String type, String reason, String message) {
    var meta = job.getMetadata();
    record(new ObjectReferenceBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
        .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion()).build(), type, reason, message);
  }

  private void record(ObjectReference involved, String type, String reason, String message) {
    String now = Instant.now().toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(involved.getName() + "." + UUID.randomUUID().toString().substring(0, 13))
        .withNamespace(involved.getNamespace())
        .endMetadata()
        .withInvolvedObject(involved)
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
      client.v1().events().inNamespace(involved.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, involved.getNamespace(), involved.getName(),
          e.getMessage());
    }
  }
}
