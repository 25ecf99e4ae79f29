package dev.aurora.mesos;

import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Builds offers for unit tests. */
final class Offers {
  private Offers() {
  }

  static Offer offer(String agent, double cpus, double mem, long portBegin, long portEnd, String... attributes) {
    Offer.Builder offer = Offer.newBuilder().setId(OfferID.newBuilder().setValue("o-" + agent))
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw")).setAgentId(AgentID.newBuilder().setValue(agent))
        .setHostname(agent + ".example")
        .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem)).addResources(scalar("disk", 10_000));
    if (portEnd >= portBegin) {
      offer.addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(
          Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(portBegin).setEnd(portEnd))));
    }
    for (int i = 0; i < attributes.length; i += 2) {
      offer.addAttributes(Attribute.newBuilder().setName(attributes[i]).setType(Value.Type.TEXT)
          .setText(Value.Text.newBuilder().setValue(attributes[i + 1])));
    }
    return offer.build();
  }

  static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")).build();
  }
}
