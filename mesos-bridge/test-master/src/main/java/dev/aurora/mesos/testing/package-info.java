/**
 * An in-test Mesos cluster for framework and operator tests: {@link dev.aurora.mesos.testing.FakeMesosCluster}
 * (masters on 127.0.0.1 speaking the v1 scheduler HTTP API as MESOS.md describes, with simulated agents) and two
 * executor runtimes: {@link dev.aurora.mesos.testing.ScriptedExecutors} (no processes, for protocol tests and
 * benchmarks) and {@link dev.aurora.mesos.testing.RealExecutors} (the real executor as a child process, for end-to-end
 * tests).
 *
 * <pre>{@code
 * RealExecutors executors = new RealExecutors(tempDir);
 * try (FakeMesosCluster cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors)) {
 *   executors.attach(cluster);
 *   cluster.addAgent(AgentSpec.of("agent-1"));
 *   MesosFramework framework = new MesosFramework(config, new StaticMasterDetector(cluster.masterUrls()),
 *       new InMemoryFrameworkIdStore());
 *   framework.start(List.of(), listener); // the listener acknowledges what it has applied
 *   ...
 * }
 * }</pre>
 *
 * Fault injection: {@code crashLeader}, {@code elect}, {@code restartLeader}, {@code removeAgent},
 * {@code dropAcknowledgements}, {@code duplicateUpdates}, {@code silence}, {@code delayAccepts}.
 */
package dev.aurora.mesos.testing;
