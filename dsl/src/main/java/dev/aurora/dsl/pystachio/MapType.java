package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** {@code Map(K, V)}, named {@code <K><V>Map} ({@code StringIntegerMap}). Keys and values are both adopted. */
public final class MapType extends PType {
  private final PType keyType;
  private final PType valueType;

  private MapType(PType keyType, PType valueType) {
    this.keyType = keyType;
    this.valueType = valueType;
  }

  public static MapType of(PType keyType, PType valueType) {
    return new MapType(keyType, valueType);
  }

  public PType keyType() {
    return keyType;
  }

  public PType valueType() {
    return valueType;
  }

  @Override
  public String name() {
    return keyType.name() + valueType.name() + "Map";
  }

  /** {@code Map(K, V)(mapping)}: a Java {@code Map} or a MapValue; keys and values are adopted now. */
  @Override
  public MapValue create(Object raw) {
    List<PValue> keys = new ArrayList<>();
    List<PValue> values = new ArrayList<>();
    if (raw instanceof MapValue mv) {
      for (int i = 0; i < mv.size(); i++) {
        keys.add(keyType.adopt(mv.keyAt(i)));
        values.add(valueType.adopt(mv.valueAt(i)));
      }
    } else if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        keys.add(keyType.adopt(k));
        values.add(valueType.adopt(v));
      });
    } else {
      throw unexpected(List.of(raw));
    }
    return new MapValue(this, keys.toArray(new PValue[0]), values.toArray(new PValue[0]), PValue.NO_SCOPES);
  }

  /** {@code Map(K, V)(('a', 1), ('b', 2))}: each argument must be a 2-element list (a Python 2-tuple). */
  public MapValue fromPairs(List<?> pairs) {
    List<PValue> keys = new ArrayList<>();
    List<PValue> values = new ArrayList<>();
    for (Object pair : pairs) {
      if (!(pair instanceof List<?> p) || p.size() != 2) {
        throw unexpected(pairs);
      }
      keys.add(keyType.adopt(p.get(0)));
      values.add(valueType.adopt(p.get(1)));
    }
    return new MapValue(this, keys.toArray(new PValue[0]), values.toArray(new PValue[0]), PValue.NO_SCOPES);
  }

  private static PystachioException unexpected(List<?> args) {
    StringJoiner tuple = new StringJoiner(", ", "(", args.size() == 1 ? ",)" : ")");
    args.forEach(a -> tuple.add(PyFormat.repr(a)));
    return PystachioException.valueError("Unexpected input to MapContainer: " + tuple);
  }

  @Override
  List<Object> computeSerialize() {
    return List.of("Map", keyType.serialize(), valueType.serialize());
  }
}
