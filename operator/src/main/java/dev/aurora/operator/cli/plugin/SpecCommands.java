package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.crd.v1alpha1.InstanceRanges;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verbs that change what runs. Each is a JSON merge patch of the AuroraJob's spec (the fields of issue 13's
 * design), so it goes through the API server like any edit: RBAC decides who may, the generation moves, GitOps sees
 * it. The operator acts on the new spec; the plugin never talks to the operator.
 *
 * <p>Read-modify-write patches ({@code kill}, {@code start}, {@code update abort}) carry the resourceVersion they
 * read, so a concurrent edit makes the API server refuse them instead of one edit losing the other.
 */
final class SpecCommands {
  static final String RESTART_USAGE = "restart NS/NAME [--instances 0-3,7]";
  static final String KILL_USAGE = "kill NS/NAME --instances 0-3,7";
  static final String START_USAGE = "start NS/NAME --instances 0-3,7";
  static final String UPDATE_USAGE = "update pause|resume|abort|pulse NS/NAME";
  /** Aurora's in-flight update states (JobUpdateStatus), the ones an abort applies to. */
  static final Set<String> IN_FLIGHT = Set.of("ROLLING_FORWARD", "ROLL_FORWARD_PAUSED", "ROLL_FORWARD_AWAITING_PULSE",
      "ROLLING_BACK", "ROLL_BACK_PAUSED", "ROLL_BACK_AWAITING_PULSE");

  private SpecCommands() {
  }

  /** {@code spec.restartNonce} to a new token; {@code spec.restartInstances} to the ids, or removed. */
  static int restart(String[] argv, Map<String, String> environment, PrintStream out) {
    Args args = Args.parse(argv, Set.of(), Set.of("--instances"));
    args.expectPositional(1, 1);
    JobAddress job = args.job(0);
    String instances = args.value("--instances");
    ObjectNode patch = Kubectl.JSON.createObjectNode();
    ObjectNode spec = patch.putObject("spec");
    spec.put("restartNonce", token());
    if (instances == null) {
      spec.putNull("restartInstances");
    } else {
      TreeSet<Integer> ids = instances(instances);
      if (ids.isEmpty()) {
        throw new UsageException("--instances names no instance");
      }
      spec.put("restartInstances", InstanceRanges.format(ids));
    }
    out.println(args.kubectl(environment).mergePatch(job, patch.toString()));
    out.println("restarting " + (instances == null ? "every instance" : "instances "
        + spec.get("restartInstances").asText()) + " of " + job + " as its update_config says; follow with "
        + "`kubectl aurora status " + job + "`");
    return 0;
  }

  /** Adds the ids to {@code spec.killedInstances} ({@code kill}) or removes them ({@code start}). */
  static int killOrStart(boolean kill, String[] argv, Map<String, String> environment, PrintStream out) {
    Args args = Args.parse(argv, Set.of(), Set.of("--instances"));
    args.expectPositional(1, 1);
    JobAddress job = args.job(0);
    String instances = args.value("--instances");
    if (instances == null) {
      throw new UsageException(kill ? "kill needs --instances: it kills chosen instances and keeps them down. To "
          + "kill the whole job (aurora job killall), delete it: kubectl delete aj " + job.name()
          + (job.namespace() == null ? "" : " -n " + job.namespace())
          : "start needs --instances: the killed instances to bring back");
    }
    TreeSet<Integer> ids = instances(instances);
    Kubectl kubectl = args.kubectl(environment);
    JsonNode current = kubectl.job(job);
    TreeSet<Integer> killed;
    try {
      killed = new TreeSet<>(InstanceRanges.parse(current.path("spec").path("killedInstances").asText(""),
          job + " spec.killedInstances"));
    } catch (IllegalArgumentException e) {
      throw new PluginException(e.getMessage());
    }
    if (kill) {
      killed.addAll(ids);
    } else {
      killed.removeAll(ids);
    }
    ObjectNode patch = Kubectl.JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
    ObjectNode spec = patch.putObject("spec");
    if (killed.isEmpty()) {
      spec.putNull("killedInstances");
    } else {
      spec.put("killedInstances", InstanceRanges.format(killed));
    }
    out.println(kubectl.mergePatch(job, patch.toString()));
    out.println((kill ? "killing" : "starting") + " instances " + InstanceRanges.format(ids) + " of " + job
        + "; killed now: " + (killed.isEmpty() ? "none" : InstanceRanges.format(killed)));
    return 0;
  }

  /** {@code update pause|resume|abort|pulse}: the {@code spec.update} controls. */
  static int update(String[] argv, Map<String, String> environment, PrintStream out) {
    Args args = Args.parse(argv, Set.of(), Set.of());
    args.expectPositional(2, 2);
    String action = args.positional.get(0);
    JobAddress job = JobAddress.parse(args.positional.get(1), args.namespace);
    Kubectl kubectl = args.kubectl(environment);
    ObjectNode patch = Kubectl.JSON.createObjectNode();
    ObjectNode update = patch.putObject("spec").putObject("update");
    String said;
    switch (action) {
      case "pause" -> {
        update.put("paused", true);
        said = "pausing the update of " + job + " (and any update that starts) until `kubectl aurora update resume`";
      }
      case "resume" -> {
        update.put("paused", false);
        update.put("resume", token());
        said = "resuming the update of " + job;
      }
      case "pulse" -> {
        update.put("pulse", token());
        said = "pulsed the update of " + job;
      }
      case "abort" -> {
        JsonNode current = kubectl.job(job);
        JsonNode status = current.path("status").path("update");
        String state = status.path("state").asText("");
        String id = status.path("id").asText("");
        if (!IN_FLIGHT.contains(state) || id.isEmpty()) {
          throw new PluginException("no update of " + job + " is in flight" + (state.isEmpty() ? ""
              : " (the last one is " + state + ")") + "; nothing to abort");
        }
        patch.putObject("metadata").put("resourceVersion",
            current.path("metadata").path("resourceVersion").asText());
        update.put("abort", id);
        said = "aborting update " + id + " of " + job + " (" + state + "): instances stay as they are";
      }
      default -> throw new UsageException("unknown update action '" + action + "'");
    }
    out.println(kubectl.mergePatch(job, patch.toString()));
    out.println(said);
    return 0;
  }

  /** The ids of {@code --instances}, in the spec fields' own syntax. */
  private static TreeSet<Integer> instances(String text) {
    try {
      return new TreeSet<>(InstanceRanges.parse(text, "--instances"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A new value for a token field: the time, to the nanosecond the clock gives, readable in the spec. */
  static String token() {
    return Instant.now().toString();
  }
}
