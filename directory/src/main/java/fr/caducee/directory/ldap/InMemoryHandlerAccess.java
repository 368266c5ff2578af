package fr.caducee.directory.ldap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryRequestHandler;

/**
 * Reaches the request handler inside an {@link InMemoryDirectoryServer} (UnboundID 6.0.7 keeps its getter
 * package-private). The listener needs it to put {@link ListenerRequestHandler} between clients and the data:
 * the SDK's own hook, operation interceptors, is called before and after the handler's internal lock, so it could
 * not journal concurrent writes in the order they were applied.
 */
final class InMemoryHandlerAccess {

    private InMemoryHandlerAccess() {
    }

    static InMemoryRequestHandler of(InMemoryDirectoryServer server) {
        try {
            Method getter = InMemoryDirectoryServer.class.getDeclaredMethod("getInMemoryRequestHandler");
            getter.setAccessible(true);
            return (InMemoryRequestHandler) getter.invoke(server);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("This UnboundID LDAP SDK version does not expose the in-memory request "
                    + "handler the embedded directory needs (written for 6.0.7)", e);
        }
    }
}
