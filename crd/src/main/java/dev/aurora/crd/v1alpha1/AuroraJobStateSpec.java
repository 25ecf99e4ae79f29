package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;

/** One part of a job record; {@code data} is the scheduler's own encoding of that part. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuroraJobStateSpec {
  @Required
  @JsonPropertyDescription("The AuroraJob (in this namespace) whose record this is part of.")
  private String job;

  @Required
  @JsonPropertyDescription("head (target config, update, cron, list of parts), config (one executor document under "
      + "its hash) or instances (one shard of instance records).")
  private String part;

  @JsonPropertyDescription("The record's data for this part, as the operator wrote it.")
  @PreserveUnknownFields
  private JsonNode data;

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getPart() {
    return part;
  }

  public void setPart(String part) {
    this.part = part;
  }

  public JsonNode getData() {
    return data;
  }

  public void setData(JsonNode data) {
    this.data = data;
  }
}
