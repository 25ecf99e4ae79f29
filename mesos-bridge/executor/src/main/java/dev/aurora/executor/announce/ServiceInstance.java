package dev.aurora.executor.announce;

import dev.aurora.executor.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ServerSet member as Aurora's executor wrote it (Twitter's ServerSet JSON): {@code serviceEndpoint},
 * {@code additionalEndpoints} by port name, {@code status} (always {@code ALIVE}: a member that stops serving
 * leaves the set instead) and {@code shard}, the instance id.
 */
public record ServiceInstance(Endpoint serviceEndpoint, Map<String, Endpoint> additionalEndpoints, int shard) {
  public ServiceInstance {
    additionalEndpoints = Map.copyOf(additionalEndpoints);
  }

  /** A host and port; port 0 when the primary port was not assigned, as Aurora announced it. */
  public record Endpoint(String host, int port) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("host", host);
      m.put("port", port);
      return m;
    }
  }

  /** The member node's content; additional endpoints in name order, so equal members read equal. */
  public byte[] toJson() {
    Map<String, Object> additional = new TreeMap<>();
    additionalEndpoints.forEach((name, e) -> additional.put(name, e.toMap()));
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("serviceEndpoint", serviceEndpoint.toMap());
    member.put("additionalEndpoints", additional);
    member.put("status", "ALIVE");
    member.put("shard", shard);
    return Json.write(member);
  }
}
