package dev.aurora.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.UpdateStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change is announced once, even when the next reconcile gets the resource as it was before the previous
 * reconcile's status patch (what the operator saw on a real Mesos: two UpdateRollForwardPaused Events for one pause).
 */
class EventedStatusesTest {
  private static AuroraJobStatus updating(String state) {
    UpdateStatus update = state == null ? null
        : new UpdateStatus("u1", state, "a", "b", 0, 2, List.of(), "2026-12-03T04:08:17Z", null, null);
    return new AuroraJobStatus(1L, AuroraJobPhase.Running, "cluster1/alpha/test/talker", "b", 2, null, List.of(), 0,
        update, List.of(), "", null);
  }

  private static AuroraJob job(String uid, AuroraJobStatus status) {
    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("alpha").withName("talker").withUid(uid).build());
    job.setStatus(status);
    return job;
  }

  private static List<String> reasons(List<StatusEvents.StatusEvent> events) {
    return events.stream().map(StatusEvents.StatusEvent::reason).toList();
  }

  @Test
  void aChangeSeenTwiceFromAStaleResourceIsAnnouncedOnce() {
    EventedStatuses evented = new EventedStatuses();
    AuroraJobStatus running = updating(null);
    AuroraJobStatus paused = updating("ROLL_FORWARD_PAUSED");
    assertEquals(List.of("UpdateRollForwardPaused"), reasons(evented.advance(job("uid-1", running), paused)));
    assertEquals(List.of(), reasons(evented.advance(job("uid-1", running), paused)),
        "the resource still carries the status from before the first patch");
    assertEquals(List.of("UpdateRollingForward"),
        reasons(evented.advance(job("uid-1", paused), updating("ROLLING_FORWARD"))));
  }

  @Test
  void aNewResourceOfTheSameNameAndAForgottenOneStartFromTheirOwnStatus() {
    EventedStatuses evented = new EventedStatuses();
    AuroraJobStatus running = updating(null);
    AuroraJobStatus paused = updating("ROLL_FORWARD_PAUSED");
    evented.advance(job("uid-1", running), paused);
    assertEquals(List.of("UpdateRollForwardPaused"), reasons(evented.advance(job("uid-2", running), paused)),
        "another uid is another resource");
    evented.forget(job("uid-1", paused));
    assertEquals(List.of("UpdateRollForwardPaused"), reasons(evented.advance(job("uid-1", running), paused)));
  }
}
