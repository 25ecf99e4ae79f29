package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user asks for: the {@code .aurora} text and how to evaluate it. The operator never writes the spec, so
 * GitOps tools see no drift.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuroraJobSpec {
  /**
   * Upper bound on the source and on each included file. etcd refuses objects above about 1.5 MiB, and a config of
   * this size is already far beyond any hand-written one; the bound keeps a whole resource storable.
   */
  public static final int MAX_SOURCE_LENGTH = 262_144;
  public static final int MAX_FILES = 32;

  @Required
  @Size(min = 1, max = MAX_SOURCE_LENGTH)
  @JsonPropertyDescription("The .aurora configuration: Python 2 with the Aurora/Pystachio names injected, exactly what "
      + "`aurora job create` read from a file. It must define a `jobs` list. At most 256 KiB.")
  private String source;

  @Size(max = MAX_FILES)
  @ValidationRule(value = "self.all(f, f.matches('^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$'))",
      message = "file names are relative names such as 'base.aurora' or 'lib/procs.aurora'; no '..', no leading '/' or '.'")
  @ValidationRule(value = "self.all(f, size(self[f]) <= " + MAX_SOURCE_LENGTH + ")",
      message = "each file is at most 256 KiB")
  @JsonPropertyDescription("Further files the source may include(), by name: include('base.aurora') reads "
      + "files['base.aurora']. Names are relative to the source; nothing outside this map can be read.")
  private Map<String, String> files;

  @Pattern("^([A-Za-z0-9_.-]+/){3}[A-Za-z0-9_.-]+$|^[A-Za-z0-9_.-]+$")
  @Size(max = 1024)
  @JsonPropertyDescription("Which job of the file to run, as the job key cluster/role/environment/name "
      + "(e.g. cluster1/www-data/prod/hello) or just its name when that is unambiguous. May be omitted when the file "
      + "has exactly one job for the operator's cluster.")
  private String job;

  @Size(max = 256)
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*|\\\\[[^\\\\]]+\\\\])*$'))",
      message = "binding names are template references such as 'profile.instances' or 'ports[http]'")
  @JsonPropertyDescription("Extra template bindings, as `aurora job create --bind name=value` gave: "
      + "{profile.instances: \"3\"} binds {{profile.instances}}. They win over the file's own .bind() calls.")
  private Map<String, String> bindings;

  @Size(max = 253)
  @JsonPropertyDescription("Change this value to restart every instance in a rolling fashion (as `aurora job restart` "
      + "did), following the job's update_config. Any string works, e.g. a timestamp.")
  private String restartNonce;

  @Size(max = 1024)
  @Pattern(InstanceRanges.PATTERN)
  @JsonPropertyDescription("Limits the restart asked for by the current restartNonce to these instances (as `aurora "
      + "job restart --instances` did): ids and inclusive ranges, e.g. \"0-3,7\". Unset: every instance.")
  private String restartInstances;

  @Size(max = 1024)
  @Pattern(InstanceRanges.PATTERN)
  @JsonPropertyDescription("Instances that are killed and stay down (as `aurora job kill --instances` did), e.g. "
      + "\"0-3,7\". Removing an id starts that instance again.")
  private String killedInstances;

  @JsonPropertyDescription("Control of the rolling update in flight: pause, resume, pulse, abort (as `aurora update "
      + "pause|resume|pulse|abort` did).")
  private UpdateControl update;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public Map<String, String> getFiles() {
    return files;
  }

  public void setFiles(Map<String, String> files) {
    this.files = files == null ? null : new LinkedHashMap<>(files);
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public Map<String, String> getBindings() {
    return bindings;
  }

  public void setBindings(Map<String, String> bindings) {
    this.bindings = bindings == null ? null : new LinkedHashMap<>(bindings);
  }

  public String getRestartNonce() {
    return restartNonce;
  }

  public void setRestartNonce(String restartNonce) {
    this.restartNonce = restartNonce;
  }

  public String getRestartInstances() {
    return restartInstances;
  }

  public void setRestartInstances(String restartInstances) {
    this.restartInstances = restartInstances;
  }

  public String getKilledInstances() {
    return killedInstances;
  }

  public void setKilledInstances(String killedInstances) {
    this.killedInstances = killedInstances;
  }

  public UpdateControl getUpdate() {
    return update;
  }

  public void setUpdate(UpdateControl update) {
    this.update = update;
  }
}
