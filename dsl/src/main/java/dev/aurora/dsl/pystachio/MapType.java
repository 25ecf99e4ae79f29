package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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

  /** Accepts a Java {@code Map}, a MapValue, or a collection of 2-element lists (Python's N 2-tuples). */
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
    } else if (raw instanceof Collection<?> pairs) {
      for (Object pair : pairs) {
        if (!(pair instanceof List<?> p) || p.size() != 2) {
          throw PystachioException.valueError("Map expects a mapping or 2-tuples, got " + PyFormat.repr(pair));
        }
        keys.add(keyType.adopt(p.get(0)));
        values.add(valueType.adopt(p.get(1)));
      }
    } else {
      throw PystachioException.valueError("Map expects a mapping or 2-tuples, got " + PyFormat.repr(raw));
    }
    return new MapValue(this, keys.toArray(new PValue[0]), values.toArray(new PValue[0]), PValue.NO_SCOPES);
  }

  @Override
  List<Object> computeSerialize() {
    return List.of("Map", keyType.serialize(), valueType.serialize());
  }
}
