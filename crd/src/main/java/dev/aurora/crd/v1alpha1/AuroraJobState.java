package dev.aurora.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One part of the scheduler's durable record of an AuroraJob's job: its head (target config, update in flight, cron,
 * the list of parts), one config the job's tasks may run, or one shard of its instances. Written by the operator only,
 * before it acts; owned by the AuroraJob and removed with it. Users read it to see what the scheduler remembers.
 */
@Group(AuroraJob.GROUP)
@Version(AuroraJob.VERSION)
@Kind("AuroraJobState")
@Plural("aurorajobstates")
@Singular("aurorajobstate")
@ShortNames({"ajs"})
@Categories("aurora")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".spec.job", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Part", jsonPath = ".spec.part", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AuroraJobState extends CustomResource<AuroraJobStateSpec, Void> implements Namespaced {
  public static final String CRD_NAME = "aurorajobstates." + AuroraJob.GROUP;
  /** Label naming the AuroraJob a part belongs to (a hash of the name when the name is longer than a label value). */
  public static final String JOB_LABEL = "aurora.dev/job";

  private static final long serialVersionUID = 1L;
}
