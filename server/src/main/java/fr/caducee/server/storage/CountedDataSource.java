package fr.caducee.server.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The pool, counting the statements sent through it (each {@code execute*} call, a batch counting once, and each
 * commit or rollback): the cost of an IMAP command in database round trips, measured rather than guessed
 * (docs/BENCHMARKS.md). A counter is a few nanoseconds; it stays on in production.
 */
public final class CountedDataSource implements DataSource, AutoCloseable {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
        "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> ENDINGS = Set.of("commit", "rollback");

    private final DataSource pool;
    private final LongAdder statements = new LongAdder();

    public CountedDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** Statements, commits and rollbacks sent since the start. */
    public long statements() {
        return statements.sum();
    }

    public DataSource pool() {
        return pool;
    }

    /** Closes the pool's connections, once nothing uses them: PostgreSQL then sees clients leave, not a shutdown. */
    @Override
    public void close() throws Exception {
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(pool.getConnection(username, password));
    }

    private Connection counted(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            forward(connection, (method, result) -> {
                if (ENDINGS.contains(method) && !connection.getAutoCommit()) {
                    statements.increment();
                }
                return result instanceof Statement statement ? countedStatement(statement) : result;
            }));
    }

    private Object countedStatement(Statement statement) {
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), statementKind(statement),
            forward(statement, (method, result) -> {
                if (EXECUTIONS.contains(method)) {
                    statements.increment();
                }
                return result;
            }));
    }

    private static Class<?>[] statementKind(Statement statement) {
        if (statement instanceof java.sql.CallableStatement) {
            return new Class<?>[] {java.sql.CallableStatement.class};
        }
        if (statement instanceof java.sql.PreparedStatement) {
            return new Class<?>[] {java.sql.PreparedStatement.class};
        }
        return new Class<?>[] {Statement.class};
    }

    private interface AfterCall {
        Object apply(String method, Object result) throws SQLException;
    }

    private static InvocationHandler forward(Object target, AfterCall after) {
        return (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> kind
                    && kind.isInstance(target)) {
                return target;
            }
            if (method.getName().equals("isWrapperFor") && args != null && args[0] instanceof Class<?> kind
                    && kind.isInstance(target)) {
                return true;
            }
            try {
                return after.apply(method.getName(), method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> kind) throws SQLException {
        return kind.isInstance(this) ? kind.cast(this) : pool.unwrap(kind);
    }

    @Override
    public boolean isWrapperFor(Class<?> kind) throws SQLException {
        return kind.isInstance(this) || pool.isWrapperFor(kind);
    }
}
