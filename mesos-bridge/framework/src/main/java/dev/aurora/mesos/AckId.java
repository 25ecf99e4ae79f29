package dev.aurora.mesos;

import java.util.HexFormat;

/**
 * What an ACKNOWLEDGE needs besides the task id: the agent and the update's uuid. Carried through the SPI as the
 * opaque {@code TaskStatusEvent.ackId}, {@code <uuid hex>:<agent id>} (hex has no ':', agent ids may).
 */
record AckId(String agentId, byte[] uuid) {
  static AckId parse(String ackId) {
    int colon = ackId.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an acknowledgement id of this framework: " + ackId);
    }
    return new AckId(ackId.substring(colon + 1), HexFormat.of().parseHex(ackId.substring(0, colon)));
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(uuid) + ":" + agentId;
  }
}
