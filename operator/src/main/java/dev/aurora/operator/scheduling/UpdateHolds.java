package dev.aurora.operator.scheduling;

import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;

/**
 * What the spec says about the update in flight ({@code spec.update}: paused, resume, pulse, abort) and the holds of
 * Aurora's updater: pause, {@code autopause_after_batch} and {@code pulse_interval_secs}. Aurora's updater did not
 * evaluate a paused or pulse-starved update at all, so a held update starts, watches and kills nothing: a task it
 * already killed stays down and a task it already started runs on unwatched until the update goes on.
 *
 * <p>Tokens: {@code spec.update.pulse} counts as a pulse whenever its value differs from the one the record saw last
 * (the spec's previous value), at the time the operator sees it; {@code spec.update.resume} resumes an update that
 * paused itself when its value differs from the one the spec held at the moment the update paused (a token set
 * before that pause does not count for it). {@code spec.update.paused} is a level: true holds the update in flight and
 * any that starts, false lets it go. {@code spec.update.abort} aborts the update in flight whose id it names.
 */
final class UpdateHolds {
  static final String PULSE_TIMEOUT = "Pulses from external service have timed out";

  private UpdateHolds() {
  }

  /** A new spec's controls: a new pulse token pulses the update in flight, an abort naming it aborts it. */
  static void onApply(Step s, JobControls before) {
    UpdateRecord u = s.update;
    if (u == null || !u.inProgress()) {
      return;
    }
    if (!s.controls.updateAbort().isEmpty() && s.controls.updateAbort().equals(u.id())) {
      s.update = u.finished(UpdateState.ABORTED, s.ctx.now(), "aborted by spec.update.abort; instances are left as "
          + "they are and this config is not tried again until the spec changes");
      s.blockedConfig = u.rollback() ? u.fromConfig() : u.toConfig();
      RollingUpdates.end(s);
      return;
    }
    if (!s.controls.updatePulse().isEmpty() && !s.controls.updatePulse().equals(before.updatePulse())) {
      s.update = u.withGates(u.gates().pulsed(s.ctx.now()));
    }
  }

  /**
   * Puts the update in the state its holds call for (noting each change as an Event) and answers whether it is held:
   * paused by the spec, paused by itself after a batch, or awaiting a pulse.
   */
  static boolean held(Step s) {
    UpdateRecord u = s.update;
    UpdateGates gates = u.gates();
    if (gates.autoPausedToken() != null && !gates.autoPausedToken().equals(s.controls.updateResume())) {
      gates = gates.resumed();
    }
    UpdateState state;
    String message;
    if (s.controls.updatePaused()) {
      state = u.rollback() ? UpdateState.ROLL_BACK_PAUSED : UpdateState.ROLL_FORWARD_PAUSED;
      message = "paused by spec.update.paused; setting it to false resumes the update";
    } else if (gates.autoPausedToken() != null) {
      state = UpdateState.ROLL_FORWARD_PAUSED;
      message = "paused itself after batch " + gates.autoPausedBatches() + " (autopause_after_batch); a new "
          + "spec.update.resume resumes it";
    } else if (pulseExpired(s, u, gates)) {
      state = u.rollback() ? UpdateState.ROLL_BACK_AWAITING_PULSE : UpdateState.ROLL_FORWARD_AWAITING_PULSE;
      message = gates.lastPulse() == null
          ? "awaiting a pulse: a new spec.update.pulse lets it run for pulse_interval_secs "
              + u.settings().pulseIntervalSecs()
          : PULSE_TIMEOUT + ": no new spec.update.pulse within pulse_interval_secs " + u.settings().pulseIntervalSecs();
    } else {
      state = u.rollback() ? UpdateState.ROLLING_BACK : UpdateState.ROLLING_FORWARD;
      message = SlaAwareKill.waitMessage(gates);
    }
    if (state != u.state() || !gates.equals(u.gates()) || !message.equals(u.message())) {
      s.update = u.held(state, message, gates);
      if (state != u.state()) {
        announce(s, u.state(), state, message);
      }
    }
    return state != UpdateState.ROLLING_FORWARD && state != UpdateState.ROLLING_BACK;
  }

  /** The update paused itself after a batch: it waits for a resume token other than the spec's current one. */
  static void autoPause(Step s) {
    UpdateRecord u = s.update;
    String message = "paused itself after batch " + u.batches() + " (autopause_after_batch); a new "
        + "spec.update.resume resumes it";
    s.update = u.held(UpdateState.ROLL_FORWARD_PAUSED, message,
        u.gates().autoPaused(s.controls.updateResume(), u.batches()));
    announce(s, u.state(), UpdateState.ROLL_FORWARD_PAUSED, message);
  }

  /** Whether the update pauses itself at this batch barrier (forward updates only, each barrier once, as Aurora). */
  static boolean pausesAfterBatch(UpdateRecord u) {
    return !u.rollback() && u.settings().strategy() != null && u.settings().strategy().autopauseAfterBatch()
        && u.batches() > 0 && u.batches() > u.gates().autoPausedBatches();
  }

  private static boolean pulseExpired(Step s, UpdateRecord u, UpdateGates gates) {
    Integer interval = u.settings().pulseIntervalSecs();
    if (interval == null || interval <= 0) {
      return false;
    }
    return gates.lastPulse() == null
        || !s.ctx.now().isBefore(gates.lastPulse().plus(Duration.ofSeconds(interval)));
  }

  private static void announce(Step s, UpdateState from, UpdateState to, String message) {
    switch (to) {
      case ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED -> s.notice("UpdatePaused", to + ": " + message);
      case ROLL_FORWARD_AWAITING_PULSE, ROLL_BACK_AWAITING_PULSE ->
          s.notice("UpdateAwaitingPulse", to + ": " + message);
      default -> s.notice("UpdateResumed", to + " (was " + from + ")");
    }
  }
}
