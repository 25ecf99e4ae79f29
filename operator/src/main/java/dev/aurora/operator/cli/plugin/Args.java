package dev.aurora.operator.cli.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One verb's command line: kubectl's own connection flags ({@code --context}, {@code --kubeconfig}, {@code -n} /
 * {@code --namespace}, each also as {@code --flag=value}) anywhere, the verb's switches and valued options, and the
 * positional arguments in order. An option the verb does not know is a usage error, not ignored.
 */
final class Args {
  final List<String> positional = new ArrayList<>();
  final Map<String, List<String>> values = new LinkedHashMap<>();
  final List<String> switches = new ArrayList<>();
  String context;
  String kubeconfig;
  String namespace;

  static Args parse(String[] args, Set<String> switchNames, Set<String> valueNames) {
    Args out = new Args();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      boolean valued = name.equals("--context") || name.equals("--kubeconfig") || name.equals("-n")
          || name.equals("--namespace") || valueNames.contains(name);
      if (valued) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException(name + " needs a value");
          }
          value = args[++i];
        }
        switch (name) {
          case "--context" -> out.context = value;
          case "--kubeconfig" -> out.kubeconfig = value;
          case "-n", "--namespace" -> out.namespace = value;
          default -> out.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
      } else if (switchNames.contains(arg)) {
        out.switches.add(arg);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        throw new UsageException("unknown option " + arg);
      } else {
        out.positional.add(arg);
      }
    }
    return out;
  }

  boolean has(String flag) {
    return switches.contains(flag);
  }

  /** The last value of an option, or null. */
  String value(String option) {
    List<String> all = values.get(option);
    return all == null ? null : all.get(all.size() - 1);
  }

  List<String> all(String option) {
    return values.getOrDefault(option, List.of());
  }

  Kubectl kubectl(Map<String, String> environment) {
    return Kubectl.of(environment, context, kubeconfig);
  }

  /** The AuroraJob named by positional argument {@code index}. */
  JobAddress job(int index) {
    if (positional.size() <= index) {
      throw new UsageException("an AuroraJob is needed: NAMESPACE/NAME or -n NAMESPACE NAME");
    }
    return JobAddress.parse(positional.get(index), namespace);
  }

  void expectPositional(int min, int max) {
    if (positional.size() < min || positional.size() > max) {
      throw new UsageException(positional.size() < min ? "missing arguments" : "unexpected arguments: "
          + String.join(" ", positional.subList(max, positional.size())));
    }
  }
}
