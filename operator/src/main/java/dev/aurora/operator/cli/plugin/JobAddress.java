package dev.aurora.operator.cli.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * Which AuroraJob a command addresses: {@code NS/NAME}, or {@code NAME} with {@code -n NS}, or {@code NAME} alone in
 * the namespace of the kubeconfig's current context (namespace null: kubectl decides).
 */
record JobAddress(String namespace, String name) {
  static JobAddress parse(String text, String namespaceFlag) {
    int slash = text.indexOf('/');
    if (slash >= 0) {
      String ns = text.substring(0, slash);
      String name = text.substring(slash + 1);
      if (ns.isEmpty() || name.isEmpty() || name.contains("/")) {
        throw new UsageException("'" + text + "' is not NAMESPACE/NAME");
      }
      if (namespaceFlag != null && !namespaceFlag.equals(ns)) {
        throw new UsageException("'" + text + "' names namespace " + ns + " but -n says " + namespaceFlag);
      }
      return new JobAddress(ns, name);
    }
    if (text.isEmpty()) {
      throw new UsageException("an AuroraJob is needed: NAMESPACE/NAME or -n NAMESPACE NAME");
    }
    return new JobAddress(namespaceFlag, text);
  }

  /** kubectl arguments: {@code verb resource NAME [--namespace NS] extra...}. */
  List<String> args(String verb, String resource, String... extra) {
    List<String> args = new ArrayList<>(List.of(verb, resource, name));
    if (namespace != null) {
      args.add("--namespace=" + namespace);
    }
    args.addAll(List.of(extra));
    return args;
  }

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
