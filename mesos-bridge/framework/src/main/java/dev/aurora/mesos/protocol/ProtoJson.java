package dev.aurora.mesos.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.protobuf.Descriptors.EnumValueDescriptor;
import org.apache.mesos.protobuf.Descriptors.FieldDescriptor;
import org.apache.mesos.protobuf.Message;

/**
 * Protobuf ↔ JSON the way Mesos encodes it (MESOS.md A.3): proto field names in snake_case, enums by name, bytes as
 * base64, 64-bit integers as numbers (strings accepted), unknown keys ignored. Written against the relocated protobuf
 * runtime of the {@code shaded-protobuf} artifact, which has no {@code JsonFormat}.
 */
public final class ProtoJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtoJson() {
  }

  public static byte[] toJsonBytes(Message message) {
    try {
      return JSON.writeValueAsBytes(toJson(message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode toJson(Message message) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      if (field.isRepeated()) {
        ArrayNode array = out.putArray(field.getName());
        for (Object item : (List<?>) e.getValue()) {
          array.add(valueToJson(field, item));
        }
      } else {
        out.set(field.getName(), valueToJson(field, e.getValue()));
      }
    }
    return out;
  }

  /** Parses {@code json} into {@code builder}; throws IllegalArgumentException naming the field path on bad input. */
  public static <B extends Message.Builder> B merge(byte[] json, B builder) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    merge(root, builder, "");
    return builder;
  }

  public static void merge(JsonNode node, Message.Builder builder, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected an object at '" + (path.isEmpty() ? "/" : path) + "'");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      FieldDescriptor field = builder.getDescriptorForType().findFieldByName(e.getKey());
      if (field == null || e.getValue().isNull()) {
        continue; // Mesos' own parser ignores unknown keys.
      }
      String fieldPath = path + "/" + e.getKey();
      if (field.isRepeated()) {
        if (!e.getValue().isArray()) {
          throw new IllegalArgumentException("expected an array at '" + fieldPath + "'");
        }
        int i = 0;
        for (JsonNode item : e.getValue()) {
          builder.addRepeatedField(field, valueFromJson(field, item, builder, fieldPath + "/" + i++));
        }
      } else {
        builder.setField(field, valueFromJson(field, e.getValue(), builder, fieldPath));
      }
    }
  }

  private static JsonNode valueToJson(FieldDescriptor field, Object value) {
    switch (field.getJavaType()) {
      case MESSAGE:
        return toJson((Message) value);
      case ENUM:
        return NODES.textNode(((EnumValueDescriptor) value).getName());
      case BYTE_STRING:
        return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case STRING:
        return NODES.textNode((String) value);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case INT:
        return NODES.numberNode((Integer) value);
      case LONG:
        return NODES.numberNode((Long) value);
      case FLOAT:
        return floating(((Float) value).doubleValue());
      case DOUBLE:
        return floating((Double) value);
      default:
        throw new IllegalStateException("unhandled field type " + field.getJavaType());
    }
  }

  private static JsonNode floating(double value) {
    if (Double.isInfinite(value)) {
      return NODES.textNode(value > 0 ? "Infinity" : "-Infinity");
    }
    return NODES.numberNode(value);
  }

  private static Object valueFromJson(FieldDescriptor field, JsonNode value, Message.Builder parent, String path) {
    try {
      switch (field.getJavaType()) {
        case MESSAGE: {
          Message.Builder child = parent.newBuilderForField(field);
          merge(value, child, path);
          return child.buildPartial();
        }
        case ENUM: {
          EnumValueDescriptor v = value.isNumber()
              ? field.getEnumType().findValueByNumber(value.asInt())
              : field.getEnumType().findValueByName(value.asText());
          if (v == null) {
            throw new IllegalArgumentException("unknown enum value " + value);
          }
          return v;
        }
        case BYTE_STRING:
          return ByteString.copyFrom(Base64.getDecoder().decode(text(value)));
        case STRING:
          return text(value);
        case BOOLEAN:
          if (!value.isBoolean()) {
            throw new IllegalArgumentException("expected true/false, got " + value);
          }
          return value.asBoolean();
        case INT:
          return value.isNumber() ? value.intValue() : Integer.parseInt(text(value));
        case LONG:
          return value.isNumber() ? value.longValue() : Long.parseLong(text(value));
        case FLOAT:
          return (float) number(value);
        case DOUBLE:
          return number(value);
        default:
          throw new IllegalStateException("unhandled field type " + field.getJavaType());
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("at '")) {
        throw e;
      }
      throw new IllegalArgumentException("at '" + path + "': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException("expected a string, got " + value);
    }
    return value.asText();
  }

  private static double number(JsonNode value) {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    switch (text(value)) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(value.asText());
    }
  }
}
