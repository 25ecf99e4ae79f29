package dev.aurora.mesos.protocol;

/** Header names and media types of the Mesos v1 HTTP APIs (MESOS.md A.1). */
public final class MesosHttp {
  public static final String PROTOBUF = "application/x-protobuf";
  public static final String JSON = "application/json";
  public static final String STREAM_ID = "Mesos-Stream-Id";
  public static final String SCHEDULER_PATH = "/api/v1/scheduler";

  private MesosHttp() {
  }
}
