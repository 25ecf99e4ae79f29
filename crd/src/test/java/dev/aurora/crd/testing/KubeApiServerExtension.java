package dev.aurora.crd.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh real API server; test methods, constructors and lifecycle methods receive it (or its
 * {@link KubernetesClient}) as a parameter. Use through {@link WithKubeApiServer}.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put(KubeApiServer.class, KubeApiServer.start());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    KubeApiServer server = store(context).remove(KubeApiServer.class, KubeApiServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubeApiServer.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubeApiServer server = server(context);
    return parameter.getParameter().getType() == KubeApiServer.class ? server : server.client();
  }

  private static KubeApiServer server(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      KubeApiServer server = store(c).get(KubeApiServer.class, KubeApiServer.class);
      if (server != null) {
        return server;
      }
    }
    throw new IllegalStateException("no API server started for " + context.getDisplayName());
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }
}
