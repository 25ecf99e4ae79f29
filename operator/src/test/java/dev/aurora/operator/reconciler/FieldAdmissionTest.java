package dev.aurora.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.model.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Admission refuses what the operator would not honour, naming the field and the setting that allows it. */
class FieldAdmissionTest {
  private static final AdmissionSettings AURORA_DEFAULTS = AdmissionSettings.defaults(false);
  private static final AdmissionSettings EVERYTHING =
      new AdmissionSettings(Set.of("MESOS", "DOCKER"), true, true, true, true, false);

  private static JobSpec job(String taskResources, String jobFields) {
    String source = """
        main = Process(name='main', cmdline='serve')
        task = Task(name='main', processes=[main], resources=Resources(%s))
        jobs = [Service(cluster='test', role='www', environment='prod', name='web', task=task%s)]
        """.formatted(taskResources, jobFields.isEmpty() ? "" : ", " + jobFields);
    EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("job.aurora",
        Map.of("job.aurora", source), Map.of("USER", "tester"), List.of(), null));
    assertTrue(result.ok(), () -> result.error().render());
    return result.jobs().get(0);
  }

  private static JobSpec job(String jobFields) {
    return job("cpu=0.1, ram=16*MB, disk=16*MB", jobFields);
  }

  private static String refusal(String jobFields, AdmissionSettings settings) {
    return FieldAdmission.refusal(job(jobFields), settings);
  }

  @Test
  void aPlainJobAndAnExplicitMesosContainerPassWithAurorasDefaults() {
    assertNull(refusal("", AURORA_DEFAULTS));
    assertNull(refusal("container=Mesos()", AURORA_DEFAULTS));
    assertNull(refusal("tier='preferred', metadata=[Metadata(key='team', value='search')]", AURORA_DEFAULTS));
  }

  @Test
  void dockerNeedsItsContainerTypeAndParametersTheirSetting() {
    String docker = "container=Docker(image='python:3.11')";
    assertEquals("container: Docker containers are not allowed on this operator (allowed types: MESOS); "
        + "--allowed-container-types MESOS,DOCKER would allow them", refusal(docker, AURORA_DEFAULTS));
    assertNull(refusal(docker, EVERYTHING));
    String withParameters = "container=Docker(image='python:3.11', parameters=[Parameter(name='env', value='A=1')])";
    AdmissionSettings dockerOnly = new AdmissionSettings(Set.of("MESOS", "DOCKER"), false, false, false, false, false);
    assertTrue(refusal(withParameters, dockerOnly).startsWith("container.parameters:"));
    assertTrue(refusal(withParameters, dockerOnly).contains("--allow-docker-parameters true"));
    assertNull(refusal(withParameters, EVERYTHING));
    // Aurora's deprecated form is the same container.
    assertTrue(refusal("container=Container(docker=Docker(image='python:3.11'))", AURORA_DEFAULTS)
        .contains("--allowed-container-types"));
  }

  @Test
  void withoutMesosAllowedEvenAJobWithoutContainerIsRefusedAsInAurora() {
    AdmissionSettings dockerOnly = new AdmissionSettings(Set.of("DOCKER"), false, false, false, false, false);
    assertTrue(refusal("", dockerOnly).startsWith("container: Mesos containers are not allowed"));
  }

  @Test
  void mesosImagesAndVolumesAreRefusedWithTheReason() {
    assertTrue(refusal("container=Mesos(image=DockerImage(name='debian', tag='slim'))", EVERYTHING)
        .startsWith("container.image: filesystem images of Mesos containers are not supported"));
    String volumes = "container=Mesos(volumes=[Volume(container_path='/etc/x', host_path='/etc/x', mode='RO')])";
    assertTrue(refusal(volumes, AURORA_DEFAULTS).contains("--allow-container-volumes true"));
    assertTrue(refusal(volumes, EVERYTHING).contains("would have no effect"));
  }

  @Test
  void gpusNeedTheirSettingAndTheLocalBackendRefusesThem() {
    JobSpec gpu = job("cpu=0.1, ram=16*MB, disk=16*MB, gpu=1", "");
    assertEquals("task.resources.gpu: GPU resources are not allowed on this operator; --allow-gpu-resource true "
        + "would allow them", FieldAdmission.refusal(gpu, AURORA_DEFAULTS));
    assertNull(FieldAdmission.refusal(gpu, EVERYTHING));
    AdmissionSettings local = new AdmissionSettings(Set.of("MESOS", "DOCKER"), true, true, true, true, true);
    assertTrue(FieldAdmission.refusal(gpu, local).contains("local backend"));
    assertTrue(refusal("container=Docker(image='python:3.11')", local).contains("local backend"));
  }

  @Test
  void theRevocableTierNeedsRevocableOffers() {
    assertTrue(refusal("tier='revocable'", AURORA_DEFAULTS).contains("--receive-revocable-resources true"));
    assertNull(refusal("tier='revocable'", EVERYTHING));
  }

  @Test
  void fieldsAuroraActedOnThatAreNotHonouredYetAreRefused() {
    assertTrue(refusal("priority=5", EVERYTHING).startsWith("priority: 5 is refused"));
    assertNull(refusal("priority=0, update_config=UpdateConfig(update_strategy=BatchUpdateStrategy(batch_size=2))",
        EVERYTHING));
  }

  @Test
  void updateControlFieldsAreHonoured() {
    assertNull(refusal("update_config=UpdateConfig(pulse_interval_secs=60)", AURORA_DEFAULTS));
    assertNull(refusal("update_config=UpdateConfig(update_strategy=BatchUpdateStrategy(batch_size=2, "
        + "autopause_after_batch=True))", AURORA_DEFAULTS));
    assertNull(refusal("update_config=UpdateConfig(update_strategy=VariableBatchUpdateStrategy(batch_sizes=[1, 2], "
        + "autopause_after_batch=True))", AURORA_DEFAULTS));
    assertNull(refusal("tier='preferred', instances=30, sla_policy=CountSlaPolicy(count=2, duration_secs=60), "
        + "update_config=UpdateConfig(sla_aware=True)", AURORA_DEFAULTS));
  }

  @Test
  void slaPoliciesNeedAProductionTierAndCountOrPercentageTheMinimumInstances() {
    assertEquals("sla_policy: tier 'preemptible' does not support an SLA policy (only production tiers such as "
        + "'preferred' do); --sla-aware-kill-non-prod true would allow it",
        refusal("instances=30, sla_policy=CountSlaPolicy(count=2, duration_secs=60)", AURORA_DEFAULTS));
    AdmissionSettings nonProd = AdmissionSettings.parse(Map.of("sla-aware-kill-non-prod", "true")::get, false);
    assertNull(refusal("instances=30, sla_policy=CountSlaPolicy(count=2, duration_secs=60)", nonProd));
    assertEquals("sla_policy: a job with fewer than 20 instances cannot have a PercentageSlaPolicy (it has 3); "
        + "--min-required-instances-for-sla-check 3 would allow it",
        refusal("tier='preferred', instances=3, sla_policy=PercentageSlaPolicy(percentage=50, duration_secs=60)",
            AURORA_DEFAULTS));
    assertNull(refusal("tier='preferred', instances=3, sla_policy=CoordinatorSlaPolicy(coordinator_url='http://c')",
        AURORA_DEFAULTS), "a coordinator decides for itself, whatever the job's size");
  }

  @Test
  void aurorasOwnSlaPolicyConfigIsAdmittedOnceTheMinimumIsLowered() throws Exception {
    String source = new String(FieldAdmissionTest.class.getResourceAsStream("/sla/sla_policy.aurora").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("sla_policy.aurora",
        Map.of("sla_policy.aurora", source), Map.of("USER", "tester"), List.of(), null));
    assertTrue(result.ok(), () -> result.error().render());
    assertEquals(3, result.jobs().size());
    AdmissionSettings lowered = AdmissionSettings.parse(Map.of("min-required-instances-for-sla-check", "2")::get,
        false);
    for (JobSpec job : result.jobs()) {
      assertNull(FieldAdmission.refusal(job, lowered), job.key().name());
      String byDefault = FieldAdmission.refusal(job, AURORA_DEFAULTS);
      if (job.key().name().equals("coordinator")) {
        assertNull(byDefault);
      } else {
        assertTrue(byDefault.startsWith("sla_policy: a job with fewer than 20 instances")
            && byDefault.endsWith("--min-required-instances-for-sla-check 2 would allow it"), byDefault);
      }
    }
  }

  @Test
  void settingsParseFromFlagsWithAurorasDefaults() {
    Map<String, String> flags = Map.of("allowed-container-types", "mesos, docker", "allow-gpu-resource", "true");
    AdmissionSettings parsed = AdmissionSettings.parse(flags::get, false);
    assertEquals(Set.of("MESOS", "DOCKER"), parsed.allowedContainerTypes());
    assertTrue(parsed.allowGpuResource());
    assertEquals(AURORA_DEFAULTS, AdmissionSettings.parse(k -> null, false));
    Map<String, String> bad = Map.of("allowed-container-types", "RKT");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> AdmissionSettings.parse(bad::get, false));
  }
}
