package dev.aurora.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.JobSpecMapper;
import dev.aurora.operator.evaluation.EvaluationOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission of {@code announce}: refused by name unless the operator's executors can announce as asked. */
class JobSelectionAnnounceTest {
  private static final NamespacePolicy POLICY = NamespacePolicy.parse(null);

  private static JobSpec job(String announce) throws Exception {
    return JobSpecMapper.toJobSpec(new ObjectMapper().readTree("{\"cluster\":\"c1\",\"role\":\"www\","
        + "\"environment\":\"prod\",\"name\":\"web\",\"task\":{\"name\":\"web\",\"processes\":[]}"
        + (announce == null ? "" : ",\"announce\":" + announce) + "}"));
  }

  private static JobSelection select(JobSpec job, AnnounceAdmission admission) {
    return JobSelection.of(EvaluationOutcome.success(List.of(job)), "c1", "www", POLICY,
        AdmissionSettings.defaults(false), admission);
  }

  @Test
  void aJobThatAnnouncesNeedsAnEnsemble() throws Exception {
    JobSpec announcing = job("{\"primary_port\":\"http\",\"portmap\":{\"aurora\":\"http\"}}");
    JobSelection refused = select(announcing, new AnnounceAdmission(false, false));
    assertNull(refused.job());
    assertTrue(refused.invalidReason().startsWith("c1/www/prod/web: announce: "), refused.invalidReason());
    assertTrue(refused.invalidReason().contains("--announcer-ensemble")
        && refused.invalidReason().contains("announcer.ensemble"), refused.invalidReason());

    assertEquals(announcing, select(announcing, new AnnounceAdmission(true, false)).job());
    JobSpec quiet = job(null);
    assertEquals(quiet, select(quiet, new AnnounceAdmission(false, false)).job());
  }

  @Test
  void zkPathNeedsTheCustomPathSetting() throws Exception {
    JobSpec custom = job("{\"primary_port\":\"http\",\"zk_path\":\"/services/web\"}");
    JobSelection refused = select(custom, new AnnounceAdmission(true, false));
    assertNull(refused.job());
    assertTrue(refused.invalidReason().startsWith("c1/www/prod/web: announce.zk_path: ")
        && refused.invalidReason().contains("--announcer-allow-custom-serverset-path")
        && refused.invalidReason().contains("announcer.allowCustomServersetPath"), refused.invalidReason());
    assertEquals(custom, select(custom, new AnnounceAdmission(true, true)).job());
  }
}
