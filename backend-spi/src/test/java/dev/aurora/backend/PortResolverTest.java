package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortResolverTest {
  @Test
  void anAliasIsAllocatedOnceAsItsTarget() {
    // Aurora's e2e http_example: portmap {'alias': 'http'}, processes reference tcp, http, alias and health.
    assertEquals(List.of("tcp", "http", "health"),
        PortResolver.requested(List.of("tcp", "http", "alias", "health"), Map.of("alias", "http")));
  }

  @Test
  void portmapTargetsAreAllocatedEvenWhenNothingReferencesThem() {
    // The default Announcer portmap {'aurora': '{{primary_port}}'} makes the client ask for 'http'.
    assertEquals(List.of("http"), PortResolver.requested(List.of(), Map.of("aurora", "http")));
  }

  @Test
  void staticPortsAreNeverAllocated() {
    Map<String, String> portmap = new LinkedHashMap<>();
    portmap.put("http", "80");
    portmap.put("aurora", "http");
    assertEquals(List.of("admin"), PortResolver.requested(List.of("http", "aurora", "admin"), portmap));
  }

  @Test
  void resolvesChainsStaticPortsAndAssignedPortsLikeTheExecutor() {
    Map<String, String> portmap = new LinkedHashMap<>();
    portmap.put("aurora", "https");
    portmap.put("https", "http");
    portmap.put("health", "http");
    portmap.put("thrift", "service"); // leads nowhere: left out
    portmap.put("static", "8080");
    Map<String, Integer> resolved = PortResolver.resolve(portmap, Map.of("http", 31000));
    assertEquals(Map.of("aurora", 31000, "https", 31000, "health", 31000, "static", 8080, "http", 31000),
        resolved);
  }

  @Test
  void assignedPortsOverrideThePortmap() {
    assertEquals(Map.of("health", 31001, "http", 31000),
        PortResolver.resolve(Map.of("health", "http"), Map.of("http", 31000, "health", 31001)));
  }

  @Test
  void cyclesAreRefusedWithTheirPath() {
    Map<String, String> portmap = new LinkedHashMap<>();
    portmap.put("a", "b");
    portmap.put("b", "c");
    portmap.put("c", "b");
    PortResolver.CycleException e = assertThrows(PortResolver.CycleException.class,
        () -> PortResolver.resolve(portmap, Map.of()));
    assertEquals("Found cycle in portmap! (a -> b -> c -> b)", e.getMessage());
    assertThrows(PortResolver.CycleException.class, () -> PortResolver.requested(List.of(), Map.of("x", "x")));
  }

  @Test
  void collectsPortReferencesOnly() {
    Set<String> names = new LinkedHashSet<>();
    PortResolver.collectReferences("serve {{thermos.ports[http]}} {{mesos.instance}} {{thermos.ports[admin.v2]}}"
        + " {{thermos.ports[http]}} {{&thermos.ports[escaped]}}", names);
    assertEquals(List.of("http", "admin.v2"), List.copyOf(names));
  }
}
