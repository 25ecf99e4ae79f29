package dev.aurora.executor.announce;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A ServerSet member in ZooKeeper, as Aurora's announcer kept it: an ephemeral sequential {@code member_} node under
 * the ServerSet path (parents created as persistent nodes), written once the client connected; a failed write is
 * retried every 15 s; an expired session gets a new session and a new member. If the first connection does not
 * come up within {@link Announcement#connectTimeout()}, {@code onFailure} receives Aurora's message and the task
 * fails.
 *
 * <p>This is the only class that touches ZooKeeper, so its classes load only when a task announces.
 */
public final class ZooKeeperMembership implements ServerSetMembership {
  static {
    AnnouncerLogging.warningsOnly();
  }

  /** Kazoo's default session timeout, which Aurora's announcer used. */
  static final int SESSION_TIMEOUT_MS = 10_000;
  /** Aurora's {@code Announcer.EXCEPTION_WAIT}. */
  static final long RETRY_WAIT_MS = 15_000;
  private static final String MEMBER_PREFIX = "member_";
  private static final long LEAVE_WAIT_MS = 5_000;

  private final Announcement announcement;
  private final byte[] data;
  private final Consumer<String> onFailure;
  private Thread thread;
  // Guarded by this.
  private ZooKeeper client;
  private int generation;
  private boolean expired;
  private boolean left;
  private String member;

  public ZooKeeperMembership(Announcement announcement, Consumer<String> onFailure) {
    this.announcement = announcement;
    this.data = announcement.member().toJson();
    this.onFailure = onFailure;
  }

  @Override
  public synchronized void join() {
    if (thread != null || left) {
      return;
    }
    thread = new Thread(null, this::run, "announcer", 256 * 1024);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void leave() {
    Thread t;
    synchronized (this) {
      if (left) {
        return;
      }
      left = true;
      notifyAll();
      t = thread;
    }
    if (t != null) {
      t.interrupt(); // a write blocked on a lost connection gives up at once
      try {
        t.join(LEAVE_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ZooKeeper zk;
    String path;
    synchronized (this) {
      zk = client;
      path = member;
      client = null;
      member = null;
    }
    if (zk == null) {
      return;
    }
    if (path != null) {
      delete(zk, path);
    }
    try {
      zk.close((int) LEAVE_WAIT_MS); // ends the session: the server drops the member even if the delete was lost
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      ZooKeeper zk = connect();
      if (!awaitConnected(zk, announcement.connectTimeout().toMillis())) {
        if (!isLeft()) {
          log("no connection to " + announcement.ensemble() + " within " + announcement.connectTimeout().toMillis()
              + " ms");
          onFailure.accept("Creating Announcer Serverset timed out.");
        }
        return;
      }
      while (!isLeft()) {
        if (takeExpired()) {
          log("ZooKeeper session expired; joining " + announcement.path() + " again with a new session");
          closeQuietly(zk);
          zk = connect();
        }
        synchronized (this) {
          if (member != null) {
            wait(); // until the session expires or the task leaves
            continue;
          }
        }
        try {
          String created = create(zk);
          synchronized (this) {
            member = created;
          }
          log("joined ServerSet " + announcement.path() + " as " + created);
        } catch (KeeperException e) {
          log("failed to join ServerSet " + announcement.path() + ": " + e.getMessage() + "; retrying in "
              + RETRY_WAIT_MS / 1000 + " s");
          synchronized (this) {
            if (!left && !expired) {
              wait(RETRY_WAIT_MS);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      // leave() stops the thread
    } catch (IOException | RuntimeException e) {
      // A task must not go on unannounced as if nothing happened (a bad connect string, say): it fails.
      log("cannot announce in " + announcement.ensemble() + ": " + e);
      if (!isLeft()) {
        onFailure.accept("Creating Announcer Serverset failed: " + e.getMessage());
      }
    }
  }

  /** A new session; its watcher only speaks for that session, so a late event from an old one changes nothing. */
  private ZooKeeper connect() throws IOException {
    synchronized (this) {
      int mine = ++generation;
      client = new ZooKeeper(announcement.ensemble(), SESSION_TIMEOUT_MS, event -> sessionEvent(mine, event));
      return client;
    }
  }

  private synchronized void sessionEvent(int of, WatchedEvent event) {
    if (of != generation) {
      return;
    }
    if (event.getState() == KeeperState.Expired) {
      expired = true;
      member = null; // the server already removed it with the session
    }
    notifyAll();
  }

  private boolean awaitConnected(ZooKeeper zk, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (this) {
      while (!left && !zk.getState().isConnected()) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          return false;
        }
        wait(Math.min(remaining, 100));
      }
      return !left;
    }
  }

  private String create(ZooKeeper zk) throws KeeperException, InterruptedException {
    createParents(zk, announcement.path());
    try {
      return zk.create(announcement.path() + "/" + MEMBER_PREFIX, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
          CreateMode.EPHEMERAL_SEQUENTIAL);
    } catch (KeeperException.ConnectionLossException e) {
      // The node may have been created before the answer was lost: keep ours rather than add a second member.
      String own = findOwn(zk);
      if (own != null) {
        return own;
      }
      throw e;
    }
  }

  private String findOwn(ZooKeeper zk) throws KeeperException, InterruptedException {
    List<String> children = zk.getChildren(announcement.path(), false);
    for (String child : children) {
      if (child.startsWith(MEMBER_PREFIX)) {
        Stat stat = new Stat();
        String path = announcement.path() + "/" + child;
        try {
          byte[] content = zk.getData(path, false, stat);
          if (stat.getEphemeralOwner() == zk.getSessionId() && Arrays.equals(content, data)) {
            return path;
          }
        } catch (KeeperException.NoNodeException e) {
          // gone meanwhile: not ours
        }
      }
    }
    return null;
  }

  private static void createParents(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
    int slash = 0;
    while (slash >= 0) {
      slash = path.indexOf('/', slash + 1);
      String prefix = slash < 0 ? path : path.substring(0, slash);
      if (zk.exists(prefix, false) == null) {
        try {
          zk.create(prefix, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
          // another instance of the job created it first
        }
      }
    }
  }

  /** Deletes the member, waiting at most a few seconds: a lost connection must not hold up the kill. */
  private static void delete(ZooKeeper zk, String path) {
    CountDownLatch done = new CountDownLatch(1);
    zk.delete(path, -1, (rc, p, ctx) -> {
      if (rc == KeeperException.Code.OK.intValue()) {
        log("left ServerSet member " + p);
      } else if (rc != KeeperException.Code.NONODE.intValue()) {
        log("could not delete " + p + " (" + KeeperException.Code.get(rc) + "); it goes with the session");
      }
      done.countDown();
    }, null);
    try {
      done.await(LEAVE_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean isLeft() {
    return left;
  }

  private synchronized boolean takeExpired() {
    boolean was = expired;
    expired = false;
    return was;
  }

  private static void closeQuietly(ZooKeeper zk) {
    try {
      zk.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void log(String message) {
    System.err.println("aurora-executor: announcer: " + message);
  }
}
