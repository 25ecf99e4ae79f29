package dev.aurora.operator.cli;

import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.runtime.OperatorSettings;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/**
 * {@code aurora-operator run}: the operator against the cluster of the current kubeconfig (or the in-cluster service
 * account), until SIGTERM. Settings come from flags or {@code AURORA_*} variables ({@link OperatorSettings}).
 */
final class RunCommand {
  private RunCommand() {
  }

  static int run(String[] args) {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("aurora-operator run: " + e.getMessage());
      return 5;
    }
    // slf4j-simple reads its level once, when the first logger is made: set it before anything logs.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", settings.logLevel());
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime runtime = new OperatorRuntime(settings, client, SchedulerSettings.defaults()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      client.close();
      stopped.countDown();
    }, "aurora-operator-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
