package dev.aurora.operator.reconciler;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which Aurora roles the AuroraJobs of a namespace may run as. Aurora trusted the user who ran the client; here anyone
 * who may create an AuroraJob in a namespace could claim any role, so roles are tied to namespaces: by default a
 * namespace may use only the role of its own name; the operator's configuration can allow others per namespace.
 */
public record NamespacePolicy(Map<String, Set<String>> allowedRoles) {
  public NamespacePolicy {
    allowedRoles = Map.copyOf(allowedRoles);
  }

  public static NamespacePolicy roleEqualsNamespace() {
    return new NamespacePolicy(Map.of());
  }

  /** Parses {@code ns1=role1,role2;ns2=role3}; blank means the default policy. */
  public static NamespacePolicy parse(String text) {
    Map<String, Set<String>> roles = new LinkedHashMap<>();
    if (text != null) {
      for (String entry : text.split(";")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("namespace roles entry '" + entry.trim() + "' is not ns=role1,role2");
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String role : entry.substring(eq + 1).split(",")) {
          if (!role.isBlank()) {
            allowed.add(role.trim());
          }
        }
        roles.put(entry.substring(0, eq).trim(), allowed);
      }
    }
    return new NamespacePolicy(roles);
  }

  public Set<String> rolesFor(String namespace) {
    return allowedRoles.getOrDefault(namespace, Set.of(namespace));
  }

  public boolean allows(String namespace, String role) {
    return rolesFor(namespace).contains(role);
  }
}
