package dev.aurora.operator.scheduling;

import dev.aurora.backend.Backend;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskResources;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what transitions asked for, once the record they produced is durable: launches and kills go to the
 * backend, notices to the log. The one place where the machines' decisions touch the world.
 */
final class EffectRunner {
  private static final Logger LOG = LoggerFactory.getLogger(EffectRunner.class);

  private final Backend backend;
  private final CoreStats stats;
  private final SlaCoordinatorClient coordinators = new SlaCoordinatorClient();
  private final Duration coordinatorTimeout;
  private final BiConsumer<JobRef, JobEvent> answers;
  private final ResourceEvents events;
  /** Kills sent before the backend's initial report (null after it): the recorded kills that need no second send. */
  private Set<String> killsBeforeReport = ConcurrentHashMap.newKeySet();

  /** {@code answers} takes events back to the scheduling loop (a coordinator's answer), from any thread. */
  EffectRunner(Backend backend, CoreStats stats, Duration coordinatorTimeout, BiConsumer<JobRef, JobEvent> answers,
               ResourceEvents events) {
    this.backend = backend;
    this.stats = stats;
    this.coordinatorTimeout = coordinatorTimeout;
    this.answers = answers;
    this.events = events;
  }

  void run(JobRecord record, List<Action> actions) {
    for (Action action : actions) {
      try {
        if (action instanceof Action.Launch launch) {
          stats.launched.incrementAndGet();
          backend.launch(launchRequest(record.configs().get(launch.config()), launch.instanceId(),
              launch.taskId()));
        } else if (action instanceof Action.Kill kill) {
          stats.killed.incrementAndGet();
          Set<String> early = killsBeforeReport;
          if (early != null) {
            early.add(kill.taskId());
          }
          backend.kill(kill.taskId());
        } else if (action instanceof Action.AskCoordinator ask) {
          stats.coordinatorChecks.incrementAndGet();
          coordinators.ask(record, ask, coordinatorTimeout, answer -> {
            if (!answer.allowed()) {
              stats.coordinatorRefusals.incrementAndGet();
            }
            answers.accept(record.ref(), answer);
          });
        } else if (action instanceof Action.Event event) {
          if (event.warning()) {
            LOG.warn("{}: {}: {}", record.ref(), event.reason(), event.message());
          } else {
            LOG.info("{}: {}: {}", record.ref(), event.reason(), event.message());
          }
          events.record(record.ref(), record.uid(), event);
        } else if (action instanceof Action.Notice notice) {
          count(notice);
          if (notice.warning()) {
            LOG.warn("{}: {}: {}", record.ref(), notice.reason(), notice.message());
          } else {
            LOG.info("{}: {}: {}", record.ref(), notice.reason(), notice.message());
          }
        }
      } catch (RuntimeException e) {
        // A launch the backend refused shows up as the task's LOST/FAILED report; nothing else is lost here.
        LOG.error("{}: carrying out {} failed", record.ref(), action, e);
      }
    }
  }

  /**
   * The kills sent so far in this life, once: called when the backend's initial report is complete, after which the
   * core resends the recorded kills a predecessor may never have sent, skipping these.
   */
  Set<String> takeKillsBeforeReport() {
    Set<String> early = killsBeforeReport;
    killsBeforeReport = null;
    return early == null ? Set.of() : early;
  }

  private void count(Action.Notice notice) {
    if (notice.reason().equals("IllegalTransition")) {
      stats.illegalTransitions.incrementAndGet();
    } else if (notice.reason().equals("UpdatePaused") || notice.reason().equals("UpdateAwaitingPulse")
        || notice.reason().equals("UpdateSlaWait")) {
      stats.countHold(notice.reason());
    } else if (notice.reason().startsWith("Update")) {
      for (UpdateView.UpdateState state : UpdateView.UpdateState.values()) {
        if (notice.reason().equals("Update" + state.name())) {
          stats.countUpdate(state);
        }
      }
    }
  }

  /**
   * What the backend needs to place one instance of a config: resources (GPUs included), ports, constraints, the
   * document, and the tier, metadata and container it must honour.
   */
  static LaunchRequest launchRequest(JobConfig config, int instanceId, String taskId) {
    JobSpec spec = config.spec();
    var resources = spec.task().resources();
    return new LaunchRequest(config.key(), instanceId, taskId,
        new TaskResources(resources.cpu(), resources.ramMb(), resources.diskMb(),
            spec.requestedPorts(), resources.gpu()),
        PlacementConstraint.parse(spec.constraints()), config.document(), TaskConfigs.of(spec));
  }
}
