package dev.aurora.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the references that Aurora leaves open until a task is placed (AURORA.md §3.1): {@code {{mesos.instance}}},
 * {@code {{mesos.hostname}}}, {@code {{thermos.task_id}}} and {@code {{thermos.ports[NAME]}}}, in every string of a
 * job JSON. Other mustaches (including escapes like {@code {{&x}}}) stay as text; a port name with no assigned port
 * stays unbound so the executor can refuse the task with a precise message.
 */
public final class PlacementBinder {
  /** Port index grammar as Pystachio accepts it: {@code [\w\-./]+}. */
  private static final Pattern PLACEMENT_REF =
      Pattern.compile("\\{\\{(mesos\\.instance|mesos\\.hostname|thermos\\.task_id|thermos\\.ports\\[([\\w\\-./]+)])}}");

  private PlacementBinder() {
  }

  /** The values a placement provides. */
  public record Placement(int instanceId, String hostname, String taskId, Map<String, Integer> ports) {
    public Placement {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(taskId, "taskId");
      ports = Map.copyOf(ports);
    }
  }

  /** Returns a deep copy of {@code job} with the placement references bound; {@code job} is not modified. */
  public static JsonNode bind(JsonNode job, Placement placement) {
    return bindNode(job, placement);
  }

  /** Binds the references in one string. */
  public static String bind(String text, Placement placement) {
    Matcher m = PLACEMENT_REF.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    do {
      String replacement = valueOf(m, placement);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The port names a job needs: every {@code {{thermos.ports[NAME]}}} in its strings plus the keys of an
   * {@code announce.portmap}, in first-seen order.
   */
  public static List<String> referencedPorts(JsonNode job) {
    Set<String> names = new LinkedHashSet<>();
    collectPorts(job, names);
    JsonNode portmap = job.path("announce").path("portmap");
    if (portmap.isObject()) {
      portmap.fieldNames().forEachRemaining(names::add);
    }
    return List.copyOf(names);
  }

  private static String valueOf(Matcher m, Placement p) {
    String ref = m.group(1);
    switch (ref) {
      case "mesos.instance":
        return Integer.toString(p.instanceId());
      case "mesos.hostname":
        return p.hostname();
      case "thermos.task_id":
        return p.taskId();
      default:
        Integer port = p.ports().get(m.group(2));
        return port == null ? null : port.toString();
    }
  }

  private static JsonNode bindNode(JsonNode node, Placement placement) {
    if (node.isTextual()) {
      String bound = bind(node.asText(), placement);
      return bound.equals(node.asText()) ? node : TextNode.valueOf(bound);
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        copy.set(e.getKey(), bindNode(e.getValue(), placement));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
      node.forEach(child -> copy.add(bindNode(child, placement)));
      return copy;
    }
    return node.deepCopy();
  }

  private static void collectPorts(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher m = PLACEMENT_REF.matcher(node.asText());
      while (m.find()) {
        if (m.group(2) != null) {
          names.add(m.group(2));
        }
      }
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectPorts(child, names));
    }
  }
}
