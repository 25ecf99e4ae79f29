package dev.aurora.operator.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The instances of a job by id, as an immutable value that is cheap to change one entry at a time: ids are grouped in
 * shards of {@link #SHARD_SIZE} consecutive ids, and a change copies only its shard. A 10,000-instance job thus costs a
 * 256-entry copy per task event, not a 10,000-entry one, and the store writes only the shards whose identity changed.
 */
public final class InstanceMap implements Iterable<InstanceRecord> {
  public static final int SHARD_SIZE = 256;
  private static final InstanceMap EMPTY = new InstanceMap(List.of(), 0);

  /** Shard k holds ids [k * SHARD_SIZE, (k + 1) * SHARD_SIZE); an empty shard is an empty map. */
  private final List<TreeMap<Integer, InstanceRecord>> shards;
  private final int size;

  private InstanceMap(List<TreeMap<Integer, InstanceRecord>> shards, int size) {
    this.shards = shards;
    this.size = size;
  }

  public static InstanceMap empty() {
    return EMPTY;
  }

  public static InstanceMap of(Iterable<InstanceRecord> instances) {
    InstanceMap map = EMPTY;
    for (InstanceRecord instance : instances) {
      map = map.with(instance);
    }
    return map;
  }

  public InstanceRecord get(int id) {
    int shard = id / SHARD_SIZE;
    return shard < shards.size() ? shards.get(shard).get(id) : null;
  }

  public boolean contains(int id) {
    return get(id) != null;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The highest id, or -1 when empty. */
  public int lastId() {
    for (int k = shards.size() - 1; k >= 0; k--) {
      if (!shards.get(k).isEmpty()) {
        return shards.get(k).lastKey();
      }
    }
    return -1;
  }

  public InstanceMap with(InstanceRecord instance) {
    int k = instance.id() / SHARD_SIZE;
    List<TreeMap<Integer, InstanceRecord>> next = new ArrayList<>(shards);
    while (next.size() <= k) {
      next.add(new TreeMap<>());
    }
    TreeMap<Integer, InstanceRecord> shard = new TreeMap<>(next.get(k));
    boolean added = shard.put(instance.id(), instance) == null;
    next.set(k, shard);
    return new InstanceMap(Collections.unmodifiableList(next), size + (added ? 1 : 0));
  }

  public InstanceMap without(int id) {
    int k = id / SHARD_SIZE;
    if (k >= shards.size() || !shards.get(k).containsKey(id)) {
      return this;
    }
    List<TreeMap<Integer, InstanceRecord>> next = new ArrayList<>(shards);
    TreeMap<Integer, InstanceRecord> shard = new TreeMap<>(next.get(k));
    shard.remove(id);
    next.set(k, shard);
    return new InstanceMap(Collections.unmodifiableList(next), size - 1);
  }

  /** Number of shards, empty ones included; shard k covers ids from k * SHARD_SIZE. */
  public int shardCount() {
    return shards.size();
  }

  /** The instances of shard k, by id (read-only). */
  public java.util.SortedMap<Integer, InstanceRecord> shard(int k) {
    return Collections.unmodifiableSortedMap(shards.get(k));
  }

  /** Whether shard k is the very same object in both maps (unchanged since {@code other} was taken). */
  public boolean sameShard(InstanceMap other, int k) {
    return other != null && k < shards.size() && k < other.shards.size() && shards.get(k) == other.shards.get(k);
  }

  public List<InstanceRecord> values() {
    List<InstanceRecord> all = new ArrayList<>(size);
    forEach(all::add);
    return all;
  }

  @Override
  public Iterator<InstanceRecord> iterator() {
    return new Iterator<>() {
      private int shard = 0;
      private Iterator<InstanceRecord> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && shard < shards.size()) {
          current = shards.get(shard++).values().iterator();
        }
        return current.hasNext();
      }

      @Override
      public InstanceRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstanceMap other && values().equals(other.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
