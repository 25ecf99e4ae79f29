package dev.aurora.operator.scheduling;

import dev.aurora.backend.JobKey;
import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.JobSpecMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One config instances can run: the executor document (what Aurora put into a task's executor config: the resolved job
 * without {@code instances} and {@code update_config}) plus the restart nonce, under the SHA-256 of both. A change of
 * the instance count or of the update settings alone therefore adds or removes instances without replacing the others.
 *
 * <p>{@code spec} is the job as the document describes it; for the job's current target it is the whole resolved job
 * (instances, update settings), for a config kept for tasks that still run it or a rollback it is read back from the
 * document alone, which holds everything a task needs.
 */
public record JobConfig(String hash, String document, String restartNonce, JobSpec spec) {
  public JobConfig {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(document, "document");
    restartNonce = restartNonce == null ? "" : restartNonce;
    Objects.requireNonNull(spec, "spec");
  }

  /** The target config of a resolved job. */
  public static JobConfig of(JobSpec spec, String restartNonce) {
    String document = spec.executorDataJson();
    return new JobConfig(hash(document, restartNonce), document, restartNonce, spec);
  }

  /** A config read back from the record: its document (and, for the target, the whole job JSON). */
  public static JobConfig restore(String hash, String document, String restartNonce, String jobJson) {
    JobSpec spec = JobSpecMapper.toJobSpec(CanonicalJson.parse(jobJson != null ? jobJson : document));
    JobConfig config = new JobConfig(hash, document, restartNonce, spec);
    if (!hash(document, restartNonce).equals(hash)) {
      throw new IllegalArgumentException("stored config " + hash + " does not hash to its name");
    }
    return config;
  }

  public JobKey key() {
    return new JobKey(spec.key().role(), spec.key().environment(), spec.key().name());
  }

  static String hash(String document, String restartNonce) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((document + "\n" + (restartNonce == null ? "" : restartNonce)).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
