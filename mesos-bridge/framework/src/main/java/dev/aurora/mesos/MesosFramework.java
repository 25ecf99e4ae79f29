package dev.aurora.mesos;

import dev.aurora.backend.Backend;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The Aurora scheduler's Mesos side: a v1 HTTP framework that implements {@link Backend}.
 *
 * <p>All state lives on one event-loop thread; calls to the master go out on a few sender threads (ordered where
 * order matters, see {@code lanes}) so a slow master never stalls event handling. Offers are never held: each
 * OFFERS event is answered at once with ACCEPTs for the agents that got tasks and one DECLINE for the rest; when
 * nothing is pending the framework SUPPRESSes offers and REVIVEs when work arrives.
 *
 * <p>Status updates are handed to the listener with an {@code ackId} and acknowledged to the master only when the
 * listener's owner calls {@link #acknowledge} (it has made the change durable); until then the agent keeps retrying
 * the update, and a redelivery reaches the listener again. A repeated state that was already acknowledged is not
 * reported again: the framework acknowledges that delivery itself.
 *
 * <p>The initial report: after each subscription the framework asks for every task the master knows (implicit
 * reconciliation), then for the known ids and one probe id the master cannot know (explicit). The master answers in
 * order, so once the probe's answer (and one for every known id) has come, every task has been reported once.
 *
 * <p>Preemption (AURORA.md §7.5): a task pending for the preemption delay may have running tasks killed to make room
 * ({@link Preemptor}). Offers are not held, so an agent's unused resources are those left over when it was last
 * offered, and count only while it keeps being offered; only agents offered since the subscription are considered,
 * as their attributes are known only from offers. Victims are reported PREEMPTING, then their terminal state. Tasks
 * a predecessor launched are weighed as victims from what the caller passes to {@link #adopt} and the agent Mesos
 * reports them on. The agent is then held
 * for the task (Aurora's preemption slot): until the task is placed, or for one more preemption delay, no other task
 * takes what the victims free there, so the rescheduled victims cannot win it back.
 */
public final class MesosFramework implements Backend {
  private static final System.Logger LOG = System.getLogger(MesosFramework.class.getName());
  private static final int RECENT_TERMINAL_LIMIT = 50_000;
  private static final int CALL_LANES = 4;

  private final FrameworkConfig config;
  private final FrameworkIdStore idStore;
  private final SchedulerClient client;
  private final OfferMatcher matcher;
  private final TaskInfoFactory taskInfos;
  private final Preemptor preemptor;
  private final FrameworkStats stats = new FrameworkStats();
  private volatile TaskStatusListener listener;
  private final ScheduledExecutorService loop;
  /**
   * Lane 0 carries the calls whose relative order matters framework-wide (SUPPRESS, REVIVE, DECLINE, RECONCILE);
   * the other lanes carry per-agent calls (ACCEPT, KILL, SHUTDOWN, ACKNOWLEDGE), one agent always on the same
   * lane so that a KILL never overtakes the ACCEPT that launched the task.
   */
  private final ExecutorService[] lanes;

  // Event-loop state.
  private final Map<String, LaunchRequest> pending = new LinkedHashMap<>();
  private final Map<String, PlacedTask> tasks = new HashMap<>();
  private final Map<String, Reported> recentTerminal = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Reported> eldest) {
      return size() > RECENT_TERMINAL_LIMIT;
    }
  };
  private final Map<String, String> agentHosts = new HashMap<>();
  /** Where each placed task's sandbox can be read (its agent's files API), reported with every state. */
  private final Map<String, String> sandboxes = new HashMap<>();
  private final Set<String> toReconcile = new LinkedHashSet<>();
  private final Set<String> awaitingReconcile = new LinkedHashSet<>();
  private final Set<String> deferredKills = new LinkedHashSet<>();
  /** Tasks whose ACCEPT has not been answered: a reconciliation answer about them may predate their launch. */
  private final Set<String> acceptsInFlight = new HashSet<>();
  private final JobSpread spread = new JobSpread();
  /**
   * When each pending task became pending, or last had victims preempted for it: its preemption delay starts there.
   */
  private final Map<String, Long> pendingSince = new HashMap<>();
  /** Agents as last offered, for the preemptor, and when (nano time) what they have unused was last known. */
  private final Map<String, Preemptor.Agent> offeredAgents = new HashMap<>();
  private final Map<String, Long> unusedSeen = new HashMap<>();
  /** Agents held for the pending task their victims were preempted for, until the nano time given. */
  private final Map<String, Reservation> reservations = new HashMap<>();
  /** What live tasks launched by a predecessor were launched with ({@link #adopt}), until they end. */
  private final Map<String, LaunchRequest> adoptedRequests = new HashMap<>();
  /** Those of them Mesos has reported alive, with their agent. */
  private final Map<String, AdoptedTask> adopted = new HashMap<>();
  /** An id no task ever has: the master's (LOST) answer about it closes the initial report. */
  private final String probeId = "aurora-initial-report-probe-" + UUID.randomUUID();
  /** Known ids given to {@link #start} that the master has not answered about yet. */
  private final Set<String> initialUnanswered = new HashSet<>();
  private boolean probeAnswered;
  private boolean initialReportComplete;
  private String frameworkId;
  private long generation;
  private SchedulerClient.Subscription subscription;
  private boolean subscribed;
  private boolean suppressed;
  private volatile boolean closed;
  private long lastEventNanos;
  private long heartbeatNanos = TimeUnit.SECONDS.toNanos(15);
  private Duration backoff;
  private int reconcileAttempt;

  /** The last state reported for a task and whether the listener's owner has acknowledged it. */
  private static final class Reported {
    final TaskState state;
    boolean acknowledged;

    Reported(TaskState state) {
      this.state = state;
    }
  }

  private record Reservation(String taskId, long untilNanos) {
  }

  /** A task a predecessor launched, as Mesos reports it. */
  private static final class AdoptedTask {
    final String agentId;
    TaskState state;

    AdoptedTask(String agentId, TaskState state) {
      this.agentId = agentId;
      this.state = state;
    }
  }

  /** A task the master has (or is about to have). */
  private static final class PlacedTask {
    final LaunchRequest request;
    final String agentId;
    final String hostname;
    final Map<String, Set<String>> attributes;
    final Map<String, Integer> ports;
    TaskState state = TaskState.ASSIGNED;
    /** Whether the listener's owner has acknowledged an update of {@link #state}. */
    boolean stateAcknowledged;

    PlacedTask(LaunchRequest request, HostOffer offer, Map<String, Integer> ports) {
      this.request = request;
      this.agentId = offer.agentId();
      this.hostname = offer.hostname();
      this.attributes = offer.attributes;
      this.ports = ports;
    }
  }

  public MesosFramework(FrameworkConfig config, MasterDetector detector, FrameworkIdStore idStore) {
    this(config, detector, idStore, SchedulerClient.Encoding.PROTOBUF);
  }

  public MesosFramework(FrameworkConfig config, MasterDetector detector, FrameworkIdStore idStore,
                        SchedulerClient.Encoding encoding) {
    this.config = config;
    this.idStore = idStore;
    this.client = new SchedulerClient(detector, encoding, config.principal(), config.secret());
    this.matcher = new OfferMatcher(config.executor());
    this.taskInfos = new TaskInfoFactory(config.executor());
    this.preemptor = new Preemptor(config.executor());
    this.backoff = config.minBackoff();
    this.loop = Executors.newSingleThreadScheduledExecutor(daemon("aurora-mesos-scheduler"));
    this.lanes = new ExecutorService[CALL_LANES];
    for (int i = 0; i < CALL_LANES; i++) {
      lanes[i] = Executors.newSingleThreadExecutor(daemon("aurora-mesos-calls-" + i));
    }
  }

  /**
   * Subscribes (resuming the stored framework id, if any) and keeps the subscription alive until {@link #close}; the
   * initial report covers every task the master knows for the framework and each of {@code knownTaskIds}.
   */
  @Override
  public void start(Collection<String> knownTaskIds, TaskStatusListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    List<String> known = List.copyOf(knownTaskIds);
    onLoop(() -> {
      toReconcile.addAll(known);
      initialUnanswered.addAll(known);
      frameworkId = idStore.load().orElse(null);
      connect();
    });
    long tick = Math.max(50, config.minBackoff().toMillis());
    loop.scheduleWithFixedDelay(this::checkHeartbeat, tick, tick, TimeUnit.MILLISECONDS);
    long implicit = config.reconcileInterval().toMillis();
    loop.scheduleWithFixedDelay(this::implicitReconcile, implicit, implicit, TimeUnit.MILLISECONDS);
    long search = config.preemptionSearchInterval().toMillis();
    loop.scheduleWithFixedDelay(this::searchPreemptionSlots, search, search, TimeUnit.MILLISECONDS);
  }

  public FrameworkStats stats() {
    return stats;
  }

  /** The framework id once subscribed (or as loaded from the store). */
  public Optional<String> frameworkId() {
    return Optional.ofNullable(call(() -> frameworkId));
  }

  public boolean isSubscribed() {
    return Boolean.TRUE.equals(call(() -> subscribed));
  }

  // ----------------------------------------------------------------------------------------------------- Backend

  @Override
  public void adopt(Collection<LaunchRequest> live) {
    List<LaunchRequest> requests = List.copyOf(live);
    onLoop(() -> {
      for (LaunchRequest r : requests) {
        if (!tasks.containsKey(r.taskId()) && !pending.containsKey(r.taskId())) {
          adoptedRequests.put(r.taskId(), r);
        }
      }
    });
  }

  @Override
  public void launch(LaunchRequest request) {
    onLoop(() -> {
      String id = request.taskId();
      if (pending.containsKey(id) || tasks.containsKey(id) || recentTerminal.containsKey(id)) {
        return;
      }
      pending.put(id, request);
      pendingSince.put(id, System.nanoTime());
      emit(id, TaskState.PENDING, "", null, Map.of());
      if (subscribed && suppressed) {
        suppressed = false;
        send(Call.newBuilder().setType(Call.Type.REVIVE), null);
      }
    });
  }

  @Override
  public void kill(String taskId) {
    onLoop(() -> {
      if (pending.remove(taskId) != null) {
        pendingSince.remove(taskId);
        emitTerminal(taskId, TaskState.KILLED, "Killed before it was placed", null, Map.of());
        return;
      }
      PlacedTask task = tasks.get(taskId);
      AdoptedTask adoptedTask = adopted.get(taskId);
      if (adoptedTask != null) {
        adoptedTask.state = TaskState.KILLING; // being killed already: no victim for the preemptor
      }
      if (!subscribed) {
        deferredKills.add(taskId);
        return;
      }
      sendKill(taskId, task);
    });
  }

  @Override
  public void reconcile(Collection<String> taskIds) {
    List<String> ids = List.copyOf(taskIds);
    onLoop(() -> {
      toReconcile.addAll(ids);
      // Not subscribed: SUBSCRIBED sends both, the asked ids among the explicit ones.
      if (subscribed) {
        // Implicit first: the master answers calls in order, so every task it knows for us is reported before the
        // answers about the asked ids.
        implicitReconcile();
        reconcileAttempt = 0;
        explicitReconcile();
      }
    });
  }

  @Override
  public void acknowledge(TaskStatusEvent event) {
    if (event.ackId() == null) {
      return;
    }
    AckId ack = AckId.parse(event.ackId());
    onLoop(() -> {
      // Later deliveries of the same state need not wait for the listener again (see onUpdate).
      PlacedTask task = tasks.get(event.taskId());
      if (task != null && task.state == event.state()) {
        task.stateAcknowledged = true;
      }
      Reported ended = recentTerminal.get(event.taskId());
      if (ended != null && ended.state == event.state()) {
        ended.acknowledged = true;
      }
      sendAcknowledge(event.taskId(), ack);
    });
  }

  @Override
  public void close() {
    try {
      // Stop handling events, let the calls already queued (acknowledgements of updates the listeners have seen)
      // reach the master, then drop the subscription.
      loop.submit(() -> {
        closed = true;
      }).get(10, TimeUnit.SECONDS);
      for (ExecutorService lane : lanes) {
        lane.shutdown();
      }
      for (ExecutorService lane : lanes) {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      }
      loop.submit(() -> {
        if (subscription != null) {
          subscription.cancel("framework closed");
        }
      }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing the framework: " + e);
    }
    loop.shutdownNow();
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }

  // -------------------------------------------------------------------------------------------- subscription

  private void connect() {
    if (closed) {
      return;
    }
    long gen = ++generation;
    subscribed = false;
    lastEventNanos = System.nanoTime();
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
        .setUser(config.user())
        .setName(config.name())
        .setFailoverTimeout(config.failoverTimeout().toMillis() / 1000.0)
        .setCheckpoint(config.checkpoint())
        .addAllRoles(config.roles())
        .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
        .addCapabilities(
            FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
        // Unreachable agents' tasks are reported as such, not as lost: partition_policy decides when to give up.
        .addCapabilities(
            FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    if (config.allowGpus()) {
      // Aurora's -allow_gpu_resource: without it the master offers no GPU agent to this framework.
      info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.GPU_RESOURCES));
    }
    if (config.receiveRevocable()) {
      // Aurora's -receive_revocable_resources: offers then carry revocable CPUs, which only revocable-tier tasks use.
      info.addCapabilities(
          FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.REVOCABLE_RESOURCES));
    }
    if (config.principal() != null) {
      info.setPrincipal(config.principal());
    }
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
    if (frameworkId != null) {
      FrameworkID id = FrameworkID.newBuilder().setValue(frameworkId).build();
      info.setId(id);
      call.setFrameworkId(id);
    }
    call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    subscription = client.subscribe(call.build(),
        event -> onLoop(() -> onEvent(gen, event)),
        reason -> onLoop(() -> onClosed(gen, reason)));
  }

  private void onClosed(long gen, String reason) {
    if (gen != generation || closed) {
      return;
    }
    subscribed = false;
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, backoff.toMillis() / 4));
    long delay = backoff.toMillis() + jitter;
    LOG.log(System.Logger.Level.INFO, "subscription closed (" + reason + "); re-subscribing in " + delay + " ms");
    backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
        : backoff.multipliedBy(2);
    loop.schedule(() -> {
      if (gen == generation) {
        connect();
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  private void checkHeartbeat() {
    if (closed || subscription == null) {
      return;
    }
    long silent = System.nanoTime() - lastEventNanos;
    long limit = heartbeatNanos * config.heartbeatMisses();
    if (silent > limit) {
      LOG.log(System.Logger.Level.WARNING, "no event for " + TimeUnit.NANOSECONDS.toMillis(silent)
          + " ms; dropping the subscription");
      SchedulerClient.Subscription dead = subscription;
      subscription = null;
      dead.cancel("heartbeat missed");
    }
  }

  private void onEvent(long gen, Event event) {
    if (gen != generation || closed) {
      return;
    }
    lastEventNanos = System.nanoTime();
    switch (event.getType()) {
      case SUBSCRIBED:
        onSubscribed(event.getSubscribed());
        break;
      case OFFERS:
        onOffers(event.getOffers().getOffersList());
        break;
      case RESCIND:
        // Offers are answered as soon as they arrive, so there is never one to forget; an ACCEPT that raced the
        // rescind comes back as TASK_LOST/DROPPED with REASON_INVALID_OFFERS and the core places the instance again.
        stats.rescinded();
        break;
      case UPDATE:
        onUpdate(event.getUpdate().getStatus());
        break;
      case FAILURE:
        onFailure(event.getFailure());
        break;
      case ERROR:
        onError(event.getError().getMessage());
        break;
      case HEARTBEAT:
      case MESSAGE:
      default:
        break;
    }
  }

  private void onSubscribed(Event.Subscribed subscribedEvent) {
    frameworkId = subscribedEvent.getFrameworkId().getValue();
    idStore.save(frameworkId);
    subscribed = true;
    stats.subscribed();
    backoff = config.minBackoff();
    if (subscribedEvent.hasHeartbeatIntervalSeconds()) {
      heartbeatNanos = (long) (subscribedEvent.getHeartbeatIntervalSeconds() * 1e9);
    }
    LOG.log(System.Logger.Level.INFO, "subscribed as framework " + frameworkId);
    // Offers were rescinded and filters reset by the (re-)subscription; say again whether we want any.
    suppressed = pending.isEmpty();
    send(Call.newBuilder().setType(suppressed ? Call.Type.SUPPRESS : Call.Type.REVIVE), null);
    for (String id : deferredKills) {
      sendKill(id, tasks.get(id));
    }
    deferredKills.clear();
    // Every task the master knows for us first (a framework that failed over learns its surviving tasks this way, and
    // the master's answers repeat what is still unacknowledged), then the known ids and, until the initial report is
    // complete, the probe, whose answer comes after all of those.
    implicitReconcile();
    reconcileAttempt = 0;
    explicitReconcile();
  }

  private void onError(String message) {
    LOG.log(System.Logger.Level.WARNING, "master sent ERROR: " + message);
    if (message.contains("removed")) {
      // A torn-down framework id can never subscribe again; its tasks are gone with it.
      idStore.clear();
      frameworkId = null;
      for (String id : List.copyOf(tasks.keySet())) {
        PlacedTask t = tasks.get(id);
        emitTerminal(id, TaskState.LOST, "Framework was removed by the master: " + message, t.hostname, t.ports);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- offers

  private void onOffers(List<Offer> offers) {
    long start = System.nanoTime();
    stats.offers(offers.size());
    List<HostOffer> hostOffers = new ArrayList<>(offers.size());
    for (Offer offer : offers) {
      agentHosts.put(offer.getAgentId().getValue(), offer.getHostname());
      hostOffers.add(new HostOffer(offer));
    }
    dropStaleReservations();
    List<OfferMatcher.Assignment> assignments = pending.isEmpty() ? List.of()
        : matcher.match(hostOffers, pending.values(), spread, (request, offer) -> {
          Reservation held = reservations.get(offer.agentId());
          return held == null || held.taskId().equals(request.taskId());
        });
    Map<HostOffer, List<OfferMatcher.Assignment>> byOffer = new LinkedHashMap<>();
    for (OfferMatcher.Assignment a : assignments) {
      byOffer.computeIfAbsent(a.offer(), k -> new ArrayList<>()).add(a);
    }
    Filters filters = Filters.newBuilder().setRefuseSeconds(config.declineRefuseSeconds()).build();
    for (Map.Entry<HostOffer, List<OfferMatcher.Assignment>> e : byOffer.entrySet()) {
      Call.Accept.Builder accept = Call.Accept.newBuilder().addOfferIds(e.getKey().offer.getId()).setFilters(filters);
      Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
      List<String> launched = new ArrayList<>();
      for (OfferMatcher.Assignment a : e.getValue()) {
        TaskInfo info = taskInfos.build(a.request(), a.offer(), a.ports(), frameworkId);
        launch.addTaskInfos(info);
        String id = a.request().taskId();
        pending.remove(id);
        pendingSince.remove(id);
        PlacedTask task = new PlacedTask(a.request(), a.offer(), a.ports());
        tasks.put(id, task);
        String sandbox = AgentSandbox.of(a.offer().offer, frameworkId, info.getExecutor().getExecutorId().getValue());
        if (sandbox != null) {
          sandboxes.put(id, sandbox);
        }
        launched.add(id);
        emit(id, TaskState.ASSIGNED, "", task.hostname, task.ports);
      }
      accept.addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch));
      stats.launched(launched.size());
      acceptsInFlight.addAll(launched);
      send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept), e.getKey().agentId(),
          answer -> onLoop(() -> {
            acceptsInFlight.removeAll(launched);
            if (answer == null || answer.accepted()) {
              return;
            }
            for (String id : launched) {
              PlacedTask t = tasks.get(id);
              if (t != null && t.state == TaskState.ASSIGNED) {
                emitTerminal(id, TaskState.LOST, "Launch refused by the master: HTTP " + answer.status() + " "
                    + answer.body(), t.hostname, t.ports);
              }
            }
          }));
    }
    long seen = System.nanoTime();
    for (HostOffer o : hostOffers) {
      offeredAgents.put(o.agentId(), new Preemptor.Agent(o.agentId(), o.hostname(), o.attributes,
          ResourceBag.unused(o)));
      unusedSeen.put(o.agentId(), seen);
    }
    List<OfferID> declined = new ArrayList<>();
    for (HostOffer o : hostOffers) {
      if (!byOffer.containsKey(o)) {
        declined.add(o.offer.getId());
      }
    }
    if (!declined.isEmpty()) {
      stats.declined(declined.size());
      send(Call.newBuilder().setType(Call.Type.DECLINE)
          .setDecline(Call.Decline.newBuilder().addAllOfferIds(declined).setFilters(filters)), null);
    }
    if (pending.isEmpty() && !suppressed) {
      suppressed = true;
      send(Call.newBuilder().setType(Call.Type.SUPPRESS), null);
    }
    stats.offerHandled(System.nanoTime() - start);
  }

  // ------------------------------------------------------------------------------------------------- status

  private void onUpdate(TaskStatus status) {
    stats.update();
    String id = status.getTaskId().getValue();
    // Exactly the updates that carry a uuid are acknowledged (MESOS.md A.4); the agent retries until we do.
    AckId ack = status.hasUuid() && status.hasAgentId()
        ? new AckId(status.getAgentId().getValue(), status.getUuid().toByteArray()) : null;
    if (id.equals(probeId)) {
      onProbeAnswered();
      return;
    }
    if (status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION && acceptsInFlight.contains(id)) {
      return; // the master answered before it saw the launch; the launch's own updates follow
    }
    awaitingReconcile.remove(id);
    toReconcile.remove(id);
    TaskState state = StatusMapping.toAurora(status.getState());
    String message = StatusMapping.describe(status);
    PlacedTask task = tasks.get(id);
    AdoptedTask adoptedTask = adopted.get(id);
    TaskState known = task != null ? task.state : adoptedTask != null ? adoptedTask.state : null;
    if (known == TaskState.PREEMPTING && state == TaskState.KILLING) {
      state = TaskState.PREEMPTING; // the executor saying it is killing what we preempt: still being preempted
    }
    if (task == null) {
      trackAdopted(id, state, status);
      Reported ended = recentTerminal.get(id);
      if (ended != null && ended.state == state && (ack == null || ended.acknowledged)) {
        // A repeat of the terminal update already reported: a reconciliation answer, or a redelivery of an update
        // whose state the listener's owner has acknowledged (our acknowledgement was lost): acknowledge it again.
        acknowledgeRepeat(id, ack);
      } else {
        String host = status.hasAgentId() ? agentHosts.get(status.getAgentId().getValue()) : null;
        if (state.isTerminal()) {
          emitTerminal(id, state, message, host, Map.of(), ack);
        } else {
          emit(id, state, message, host, Map.of(), ack);
        }
      }
    } else if (state == task.state && (ack == null || task.stateAcknowledged)) {
      // At-least-once delivery and reconciliation repeat states; a repeat is reported only while unacknowledged.
      acknowledgeRepeat(id, ack);
    } else if (state.isTerminal()) {
      emitTerminal(id, state, message, task.hostname, task.ports, ack);
    } else {
      if (state != task.state) {
        task.state = state;
        task.stateAcknowledged = false;
      }
      emit(id, state, message, task.hostname, task.ports, ack);
    }
    if (initialUnanswered.remove(id)) {
      checkInitialReport();
    }
  }

  /** Keeps the agent and state of tasks a predecessor launched, so the preemptor can weigh them. */
  private void trackAdopted(String id, TaskState state, TaskStatus status) {
    LaunchRequest request = adoptedRequests.get(id);
    if (request == null) {
      return;
    }
    if (state.isTerminal()) {
      adoptedRequests.remove(id);
      AdoptedTask ended = adopted.remove(id);
      if (ended != null) {
        creditAgent(ended.agentId, request);
      }
    } else if (status.hasAgentId()) {
      AdoptedTask t = adopted.computeIfAbsent(id, k -> new AdoptedTask(status.getAgentId().getValue(), state));
      t.state = state;
    }
  }

  /** A task of ours ended on an agent: what it held is unused there again (until the agent's next offer says). */
  private void creditAgent(String agentId, LaunchRequest request) {
    long now = System.nanoTime();
    Preemptor.Agent known = offeredAgents.get(agentId);
    if (known != null) {
      offeredAgents.put(agentId, new Preemptor.Agent(known.agentId(), known.hostname(), known.attributes(),
          unusedAsOf(known, now).plus(ResourceBag.of(request.resources(), config.executor()))));
      unusedSeen.put(agentId, now);
    }
  }

  /**
   * What the agent has unused, as far as it is still known: while tasks wait, the master offers every agent with
   * something free again and again (at the latest when our decline filter lapses), so an agent not offered for a whole
   * preemption delay (or two decline filters, if longer) has nothing free for us: another framework took it, or the
   * agent is gone.
   */
  private Preemptor.Agent withCurrentUnused(Preemptor.Agent agent, long now) {
    return new Preemptor.Agent(agent.agentId(), agent.hostname(), agent.attributes(), unusedAsOf(agent, now));
  }

  private ResourceBag unusedAsOf(Preemptor.Agent agent, long now) {
    Long seen = unusedSeen.get(agent.agentId());
    long fresh = Math.max(config.preemptionDelay().toNanos(), (long) (2e9 * config.declineRefuseSeconds()));
    return seen != null && now - seen <= fresh ? agent.unused() : ResourceBag.EMPTY;
  }

  private void acknowledgeRepeat(String taskId, AckId ack) {
    if (ack != null) {
      sendAcknowledge(taskId, ack);
    }
  }

  private void onProbeAnswered() {
    awaitingReconcile.remove(probeId);
    probeAnswered = true;
    checkInitialReport();
  }

  /** The master answers in order: the probe's answer closes the report once every known id was answered. */
  private void checkInitialReport() {
    if (initialReportComplete || !probeAnswered || !initialUnanswered.isEmpty()) {
      return;
    }
    initialReportComplete = true;
    try {
      listener.onInitialReportComplete();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "task status listener failed on the initial report", e);
    }
  }

  private void sendAcknowledge(String taskId, AckId ack) {
    stats.acknowledged();
    send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
        .setAgentId(AgentID.newBuilder().setValue(ack.agentId()))
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setUuid(ByteString.copyFrom(ack.uuid()))), ack.agentId(), null);
  }

  private void onFailure(Event.Failure failure) {
    if (failure.hasExecutorId()) {
      // The executor exited; the agent reports its unfinished tasks itself (TASK_FAILED, REASON_EXECUTOR_TERMINATED).
      return;
    }
    String agentId = failure.getAgentId().getValue();
    String host = agentHosts.getOrDefault(agentId, agentId);
    offeredAgents.remove(agentId);
    unusedSeen.remove(agentId);
    for (String id : List.copyOf(tasks.keySet())) {
      PlacedTask t = tasks.get(id);
      if (t.agentId.equals(agentId)) {
        emitTerminal(id, TaskState.LOST, "Agent " + host + " was lost", t.hostname, t.ports);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- kill, reconcile

  private void sendKill(String taskId, PlacedTask task) {
    Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
    if (task != null) {
      kill.setAgentId(AgentID.newBuilder().setValue(task.agentId));
    }
    send(Call.newBuilder().setType(Call.Type.KILL).setKill(kill), task == null ? null : task.agentId, null);
    if (task == null) {
      return;
    }
    if (task.state != TaskState.KILLING && task.state != TaskState.PREEMPTING) {
      task.state = TaskState.KILLING;
      emit(taskId, TaskState.KILLING, "Killing", task.hostname, task.ports);
    }
    loop.schedule(() -> {
      PlacedTask still = tasks.get(taskId);
      if (still != null && subscribed) {
        // The executor did not answer the kill: have the agent shut it down (its tasks then end LOST/FAILED).
        send(Call.newBuilder().setType(Call.Type.SHUTDOWN).setShutdown(Call.Shutdown.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue(still.agentId))
            .setExecutorId(ExecutorID.newBuilder().setValue(TaskInfoFactory.executorIdFor(taskId)))), still.agentId,
            null);
      }
    }, config.killEscalation().toMillis(), TimeUnit.MILLISECONDS);
  }

  // -------------------------------------------------------------------------------------------------- preemption

  /** Finds slots for the tasks pending for the preemption delay and kills the victims (AURORA.md §7.5). */
  private void searchPreemptionSlots() {
    if (closed || !subscribed || pending.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    List<LaunchRequest> eligible = Preemptor.idle(pending.values(), pendingSince, now, config.preemptionDelay());
    if (eligible.isEmpty()) {
      return;
    }
    List<Preemptor.Victim> running = new ArrayList<>();
    tasks.forEach((id, t) -> {
      if (mayBeVictim(t.state)) {
        running.add(new Preemptor.Victim(id, t.agentId, t.request));
      }
    });
    adopted.forEach((id, t) -> {
      LaunchRequest request = adoptedRequests.get(id);
      if (request != null && mayBeVictim(t.state)) {
        running.add(new Preemptor.Victim(id, t.agentId, request));
      }
    });
    dropStaleReservations();
    List<Preemptor.Agent> agents = new ArrayList<>();
    for (Preemptor.Agent a : offeredAgents.values()) {
      if (!reservations.containsKey(a.agentId())) { // else already being freed for another task
        agents.add(withCurrentUnused(a, now));
      }
    }
    agents.sort(java.util.Comparator.comparing(Preemptor.Agent::hostname));
    for (Preemptor.Proposal p : preemptor.search(eligible, agents, running, spread)) {
      String pendingId = p.pending().taskId();
      LOG.log(System.Logger.Level.INFO, "preempting " + p.victims().stream().map(Preemptor.Victim::taskId).toList()
          + " on " + p.agent().hostname() + " for " + pendingId);
      stats.preempted(p.victims().size());
      // The task waits for the freed resources to be offered; should they never come (a lost kill), it may preempt
      // again after another delay.
      pendingSince.put(pendingId, now);
      reservations.put(p.agent().agentId(), new Reservation(pendingId, now + config.preemptionDelay().toNanos()));
      for (Preemptor.Victim v : p.victims()) {
        preempt(v, "Preempting in favor of " + pendingId);
      }
    }
  }

  /** Reservations lapse when their task is no longer pending (placed or killed) or their time is up. */
  private void dropStaleReservations() {
    long now = System.nanoTime();
    reservations.values().removeIf(r -> !pending.containsKey(r.taskId()) || now - r.untilNanos() > 0);
  }

  private static boolean mayBeVictim(TaskState state) {
    return state == TaskState.ASSIGNED || state == TaskState.STARTING || state == TaskState.RUNNING;
  }

  private void preempt(Preemptor.Victim victim, String message) {
    PlacedTask task = tasks.get(victim.taskId());
    if (task != null) {
      task.state = TaskState.PREEMPTING;
      task.stateAcknowledged = false;
      emit(victim.taskId(), TaskState.PREEMPTING, message, task.hostname, task.ports);
      sendKill(victim.taskId(), task);
      return;
    }
    AdoptedTask adoptedTask = adopted.get(victim.taskId());
    adoptedTask.state = TaskState.PREEMPTING;
    emit(victim.taskId(), TaskState.PREEMPTING, message, agentHosts.get(victim.agentId()), Map.of());
    send(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(victim.taskId()))
        .setAgentId(AgentID.newBuilder().setValue(victim.agentId()))), victim.agentId(), null);
  }

  /** Asks for every task we believe is alive plus those the caller asked about; retries with back-off. */
  private void explicitReconcile() {
    awaitingReconcile.clear();
    for (Map.Entry<String, PlacedTask> e : tasks.entrySet()) {
      awaitingReconcile.add(e.getKey());
    }
    awaitingReconcile.addAll(toReconcile);
    if (!initialReportComplete) {
      awaitingReconcile.add(probeId);
      probeAnswered = false;
    }
    sendReconcile(awaitingReconcile);
  }

  private void sendReconcile(Collection<String> ids) {
    if (ids.isEmpty() || !subscribed) {
      return;
    }
    Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
    for (String id : ids) {
      Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(id));
      PlacedTask placed = tasks.get(id);
      if (placed != null) {
        t.setAgentId(AgentID.newBuilder().setValue(placed.agentId));
      }
      reconcile.addTasks(t);
    }
    send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(reconcile), null);
    long delay = config.reconcileRetry().toMillis() << Math.min(reconcileAttempt++, 6);
    long gen = generation;
    loop.schedule(() -> {
      if (gen == generation && !awaitingReconcile.isEmpty()) {
        sendReconcile(List.copyOf(awaitingReconcile));
      }
    }, Math.min(delay, config.reconcileInterval().toMillis()), TimeUnit.MILLISECONDS);
  }

  private void implicitReconcile() {
    if (subscribed) {
      send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()), null);
    }
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  /** Queues a framework-wide call in order. */
  private void send(Call.Builder call, Consumer<SchedulerClient.Answer> onAnswer) {
    send(call, null, onAnswer);
  }

  /**
   * Queues a call on the lane of {@code agentId} (lane 0 when null). {@code onAnswer}, if given, gets the master's
   * answer, or null when the master could not be reached (then it is unknown whether the call arrived).
   */
  private void send(Call.Builder call, String agentId, Consumer<SchedulerClient.Answer> onAnswer) {
    if (frameworkId != null) {
      call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
    }
    if (closed) {
      return; // the next incarnation re-subscribes; the master redelivers what was not acknowledged
    }
    Call built = call.build();
    int lane = agentId == null ? 0 : 1 + Math.floorMod(agentId.hashCode(), CALL_LANES - 1);
    lanes[lane].execute(() -> {
      SchedulerClient.Answer answer = null;
      try {
        answer = client.send(built);
        if (!answer.accepted()) {
          LOG.log(System.Logger.Level.WARNING, built.getType() + " answered " + answer.status() + ": "
              + answer.body());
        }
      } catch (IOException e) {
        // Unknown whether the master got it; acknowledgements are redelivered and reconciliation settles the rest.
        LOG.log(System.Logger.Level.WARNING, built.getType() + " failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (onAnswer != null) {
        onAnswer.accept(answer);
      }
    });
  }

  /** A state the framework itself decided (PENDING, ASSIGNED, KILLING, LOST on a lost agent): nothing to ack. */
  private void emit(String taskId, TaskState state, String message, String host, Map<String, Integer> ports) {
    emit(taskId, state, message, host, ports, null);
  }

  private void emit(String taskId, TaskState state, String message, String host, Map<String, Integer> ports,
                    AckId ack) {
    TaskStatusEvent event = new TaskStatusEvent(taskId, state, message, host, ports, Instant.now(),
        ack == null ? null : ack.toString(), sandboxes.get(taskId));
    TaskStatusListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onStatus(event);
    } catch (RuntimeException e) {
      // Unacknowledged, so the master delivers the update again.
      LOG.log(System.Logger.Level.ERROR, "task status listener failed on " + event, e);
    }
  }

  private void emitTerminal(String taskId, TaskState state, String message, String host,
                            Map<String, Integer> ports) {
    emitTerminal(taskId, state, message, host, ports, null);
  }

  private void emitTerminal(String taskId, TaskState state, String message, String host,
                            Map<String, Integer> ports, AckId ack) {
    PlacedTask task = tasks.remove(taskId);
    if (task != null) {
      spread.remove(task.request.job(), task.attributes);
      creditAgent(task.agentId, task.request);
    }
    Reported ended = recentTerminal.get(taskId);
    if (ended == null || ended.state != state) {
      recentTerminal.put(taskId, new Reported(state));
    }
    emit(taskId, state, message, host, ports, ack);
    sandboxes.remove(taskId); // the terminal report carried it; the record keeps it
  }

  /** Runs on the event loop; after {@link #close} there is nothing left to do, so late work is dropped. */
  private void onLoop(Runnable work) {
    try {
      loop.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
      // closed
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> read) {
    try {
      return loop.submit(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
