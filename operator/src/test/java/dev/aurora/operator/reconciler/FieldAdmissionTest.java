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
  void priorityAndProductionAreAdmittedOnEitherBackend() {
    assertNull(refusal("priority=5", AURORA_DEFAULTS));
    assertNull(refusal("production=True, priority=100", AURORA_DEFAULTS));
    assertNull(refusal("priority=5", AdmissionSettings.defaults(true)), "no effect locally, but not refused");
  }

  @Test
  void fieldsAuroraActedOnThatAreNotHonouredYetAreRefused() {
    assertTrue(refusal("update_config=UpdateConfig(pulse_interval_secs=60)", EVERYTHING)
        .startsWith("update_config.pulse_interval_secs:"));
    assertTrue(refusal("update_config=UpdateConfig(sla_aware=True)", EVERYTHING)
        .startsWith("update_config.sla_aware:"));
    assertTrue(refusal("update_config=UpdateConfig(update_strategy=BatchUpdateStrategy(batch_size=2, "
        + "autopause_after_batch=True))", EVERYTHING).startsWith("update_config.update_strategy.autopause_after_batch"));
    assertTrue(refusal("update_config=UpdateConfig(update_strategy=VariableBatchUpdateStrategy(batch_sizes=[1, 2], "
        + "autopause_after_batch=True))", EVERYTHING).startsWith("update_config.update_strategy.autopause_after_batch"));
    assertTrue(refusal("tier='preferred', instances=30, sla_policy=CountSlaPolicy(count=2, duration_secs=60)",
        EVERYTHING).startsWith("sla_policy:"));
    assertNull(refusal("priority=0, update_config=UpdateConfig(update_strategy=BatchUpdateStrategy(batch_size=2))",
        EVERYTHING));
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
