package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.operator.evaluation.ConfigEvaluator;
import dev.aurora.operator.evaluation.EvaluationInput;
import dev.aurora.operator.evaluation.EvaluationOutcome;
import dev.aurora.operator.scheduling.JobControls;
import dev.aurora.operator.scheduling.JobRef;
import dev.aurora.operator.scheduling.JobSnapshot;
import dev.aurora.operator.scheduling.SchedulingCore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconciles an AuroraJob: evaluates its source in the sandbox (cached by content hash), selects the job for this
 * operator's cluster, checks the role against the namespace policy, hands the job to the scheduling core and writes
 * what the core sees into the status. An Invalid spec leaves the core alone, so instances of the last valid spec keep
 * running. The finalizer (from {@link Cleaner}) holds deletion until every task is dead.
 *
 * <p>The core reports changes through an inbound event source, so a task's state reaches the status without polling.
 */
@ControllerConfiguration(name = AuroraJobReconciler.NAME)
public final class AuroraJobReconciler implements Reconciler<AuroraJob>, Cleaner<AuroraJob> {
  public static final String NAME = "aurorajob";

  private final ConfigEvaluator evaluator;
  private final SchedulingCoreHolder core;
  private final String cluster;
  private final NamespacePolicy policy;
  private final AdmissionSettings admission;
  private final AnnounceAdmission announce;
  private final Clock clock;
  private final SimpleInboundEventSource<AuroraJob> coreEvents = new SimpleInboundEventSource<>("scheduling-core");
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong statusWrites = new AtomicLong();
  /** Back-off of resources whose last evaluation found no evaluator, by resource; gone once one answers. */
  private final Map<JobRef, Long> retries = new java.util.concurrent.ConcurrentHashMap<>();
  static final long FIRST_RETRY_DELAY_MS = 1_000;
  static final long MAX_RETRY_DELAY_MS = 60_000;
  private volatile EventRecorder events;
  private final EventedStatuses evented = new EventedStatuses();

  public AuroraJobReconciler(ConfigEvaluator evaluator, SchedulingCoreHolder core, String cluster,
                             NamespacePolicy policy, AdmissionSettings admission, AnnounceAdmission announce,
                             Clock clock) {
    this.admission = admission;
    this.announce = announce;
    this.evaluator = evaluator;
    this.core = core;
    this.cluster = cluster;
    this.policy = policy;
    this.clock = clock;
  }

  /** Where the scheduling core reports that a job's picture changed. */
  public void jobChanged(JobRef ref) {
    coreEvents.propagateEvent(new ResourceID(ref.name(), ref.namespace()));
  }

  @Override
  public List<EventSource<?, AuroraJob>> prepareEventSources(EventSourceContext<AuroraJob> context) {
    return List.of(coreEvents);
  }

  @Override
  public UpdateControl<AuroraJob> reconcile(AuroraJob job, Context<AuroraJob> context) {
    reconciles.incrementAndGet();
    JobRef ref = refOf(job);
    JobSelection selection = select(job);
    if (selection.evaluatorUnavailable()) {
      return evaluatorUnavailable(job, ref, selection.unavailableReason(), context);
    }
    retries.remove(ref);
    String invalid = selection.invalidReason();
    JobControls controls = null;
    if (selection.valid()) {
      try {
        controls = SpecControls.of(job.getSpec());
      } catch (IllegalArgumentException e) {
        invalid = e.getMessage();
      }
    }
    if (controls != null) {
      Optional<String> conflict = core.get().apply(ref, job.getMetadata().getUid(), selection.job(),
          job.getSpec().getRestartNonce(), controls);
      invalid = conflict.orElse(null);
    }
    JobSnapshot snapshot = core.get().snapshot(ref).orElse(null);
    AuroraJobStatus old = job.getStatus();
    AuroraJobStatus next = StatusProjector.project(job.getMetadata().getGeneration(), snapshot, invalid, old,
        clock.instant());
    EventRecorder recorder = recorder(context.getClient());
    evented.advance(job, next).forEach(e -> recorder.record(job, e));
    if (Objects.equals(old, next)) {
      return UpdateControl.noUpdate();
    }
    statusWrites.incrementAndGet();
    return UpdateControl.patchStatus(withStatus(job, next));
  }

  /**
   * The evaluator could not be asked: the config is neither valid nor invalid. The core keeps running what it runs,
   * the status goes on describing it (with ConfigValid=Unknown and the generation it last evaluated), and the
   * resource is evaluated again after a back-off that doubles up to {@link #MAX_RETRY_DELAY_MS}.
   */
  private UpdateControl<AuroraJob> evaluatorUnavailable(AuroraJob job, JobRef ref, String reason,
                                                        Context<AuroraJob> context) {
    long delay = retries.merge(ref, FIRST_RETRY_DELAY_MS, (was, first) -> Math.min(MAX_RETRY_DELAY_MS, was * 2));
    JobSnapshot snapshot = core.get().snapshot(ref).orElse(null);
    AuroraJobStatus old = job.getStatus();
    AuroraJobStatus next = StatusProjector.evaluatorUnavailable(job.getMetadata().getGeneration(), snapshot, reason,
        old, clock.instant());
    if (!Objects.equals(old, next)) {
      String previous = old == null ? null : StatusProjector.conditionReason(old, "ConfigValid");
      if (!"EvaluatorUnavailable".equals(previous)) {
        recorder(context.getClient()).warning(job, "EvaluatorUnavailable", reason + "; retrying in " + delay + " ms");
      }
      statusWrites.incrementAndGet();
      return UpdateControl.patchStatus(withStatus(job, next)).rescheduleAfter(delay);
    }
    return UpdateControl.<AuroraJob>noUpdate().rescheduleAfter(delay);
  }

  @Override
  public DeleteControl cleanup(AuroraJob job, Context<AuroraJob> context) {
    JobRef ref = refOf(job);
    retries.remove(ref);
    if (core.get().delete(ref)) {
      evented.forget(job);
      return DeleteControl.defaultDelete();
    }
    AuroraJobStatus old = job.getStatus();
    if (old == null || old.phase() != AuroraJobPhase.Killing) {
      JobSnapshot snapshot = core.get().snapshot(ref).orElse(null);
      AuroraJobStatus killing = StatusProjector.project(job.getMetadata().getGeneration(), snapshot, null, old,
          clock.instant());
      recorder(context.getClient()).normal(job, "Killing", killing.message());
      context.getClient().resource(withStatus(job, killing)).patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(2000);
  }

  public long reconciles() {
    return reconciles.get();
  }

  public long statusWrites() {
    return statusWrites.get();
  }

  private JobSelection select(AuroraJob job) {
    AuroraJobSpec spec = job.getSpec();
    if (spec == null || spec.getSource() == null) {
      return JobSelection.invalid("spec.source is required");
    }
    String namespace = job.getMetadata().getNamespace();
    List<String> bindings = new ArrayList<>();
    if (spec.getBindings() != null) {
      spec.getBindings().forEach((k, v) -> bindings.add(k + "=" + v));
    }
    String key = spec.getJob() == null || spec.getJob().isBlank() ? null : spec.getJob();
    // What `os.getenv` shows: USER is the namespace, as if the namespace's owner had run the Aurora client.
    EvaluationInput input = new EvaluationInput(job.getMetadata().getName() + ".aurora", spec.getSource(),
        spec.getFiles(), key, bindings, Map.of("USER", namespace));
    EvaluationOutcome outcome = evaluator.evaluate(input);
    return JobSelection.of(outcome, cluster, namespace, policy, admission, announce);
  }

  private EventRecorder recorder(KubernetesClient client) {
    EventRecorder recorder = events;
    if (recorder == null) {
      recorder = new EventRecorder(client);
      events = recorder;
    }
    return recorder;
  }

  private static AuroraJob withStatus(AuroraJob job, AuroraJobStatus status) {
    AuroraJob patch = new AuroraJob();
    patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace()).build());
    patch.setStatus(status);
    return patch;
  }

  private static JobRef refOf(AuroraJob job) {
    return new JobRef(job.getMetadata().getNamespace(), job.getMetadata().getName());
  }

  /** Lets the reconciler be built before the core, which needs the reconciler's {@link #jobChanged} hook. */
  public static final class SchedulingCoreHolder {
    private volatile SchedulingCore core;

    public void set(SchedulingCore value) {
      core = value;
    }

    SchedulingCore get() {
      // With leader election the core starts in the leader callback, which may trail the first reconciles a little.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (core == null && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return Objects.requireNonNull(core, "scheduling core not started");
    }
  }
}
