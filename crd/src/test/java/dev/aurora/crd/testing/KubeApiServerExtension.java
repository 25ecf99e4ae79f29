package dev.aurora.crd.testing;

import dev.aurora.crd.local.LocalKubeApiServer;
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
    store(context).put(LocalKubeApiServer.class, LocalKubeApiServer.start());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalKubeApiServer server = store(context).remove(LocalKubeApiServer.class, LocalKubeApiServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalKubeApiServer.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalKubeApiServer server = server(context);
    return parameter.getParameter().getType() == LocalKubeApiServer.class ? server : server.client();
  }

  private static LocalKubeApiServer server(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      LocalKubeApiServer server = store(c).get(LocalKubeApiServer.class, LocalKubeApiServer.class);
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
