package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * What a person says about the rolling update in flight. Aurora took these as RPCs (`aurora update pause` ...); here
 * they are spec fields so that they pass through RBAC and GitOps like any other change. Tokens are compared with the
 * value the operator last saw: a new value is the command, the same value again is nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateControl {
  @JsonPropertyDescription("Holds the update in flight (ROLL_FORWARD_PAUSED or ROLL_BACK_PAUSED), and any update that "
      + "starts, until set back to false.")
  private Boolean paused;

  @Size(max = 253)
  @JsonPropertyDescription("A new value resumes an update that paused itself after a batch (autopause_after_batch).")
  private String resume;

  @Size(max = 253)
  @JsonPropertyDescription("A new value is a pulse, at the time the operator sees it: an update with "
      + "pulse_interval_secs goes on only while pulses keep coming within that interval.")
  private String pulse;

  @Size(max = 253)
  @JsonPropertyDescription("The id (status.update.id) of an update to abort: it ends ABORTED, instances stay as they "
      + "are, and its config is not tried again until the spec changes.")
  private String abort;

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public String getResume() {
    return resume;
  }

  public void setResume(String resume) {
    this.resume = resume;
  }

  public String getPulse() {
    return pulse;
  }

  public void setPulse(String pulse) {
    this.pulse = pulse;
  }

  public String getAbort() {
    return abort;
  }

  public void setAbort(String abort) {
    this.abort = abort;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateControl other && Objects.equals(paused, other.paused)
        && Objects.equals(resume, other.resume) && Objects.equals(pulse, other.pulse)
        && Objects.equals(abort, other.abort);
  }

  @Override
  public int hashCode() {
    return Objects.hash(paused, resume, pulse, abort);
  }
}
