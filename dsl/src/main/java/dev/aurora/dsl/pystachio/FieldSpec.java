package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.List;

/**
 * One Struct field declaration: {@code Required(T)}, {@code Default(T, v)} or a bare {@code T}.
 *
 * @param defaultValue the default (already adopted as a {@code type} value), or {@code null} for Empty
 */
public record FieldSpec(boolean required, PType type, PValue defaultValue) {

  /** {@code Required(T)}. */
  public static FieldSpec required(PType type) {
    return new FieldSpec(true, type, null);
  }

  /** A bare {@code T}: optional, Empty unless set. */
  public static FieldSpec optional(PType type) {
    return new FieldSpec(false, type, null);
  }

  /** {@code Default(T, v)}: {@code v} is kept if already a T, else wrapped as {@code T(v)}; Empty means no default. */
  public static FieldSpec withDefault(PType type, Object value) {
    return new FieldSpec(false, type, value == Empty.INSTANCE ? null : type.adopt(value));
  }

  /** Pystachio's per-field signature {@code (required, default.get() or (), default is Empty, type)}. */
  List<Object> serialize() {
    List<Object> out = new ArrayList<>(4);
    out.add(required);
    out.add(defaultValue == null ? List.of() : defaultValue.get());
    out.add(defaultValue == null);
    out.add(type.serialize());
    return out;
  }
}
