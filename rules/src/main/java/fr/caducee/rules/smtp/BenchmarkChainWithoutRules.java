package fr.caducee.rules.smtp;

import java.util.List;
import java.util.stream.Stream;

import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.dsn.DSNEhloHook;
import org.apache.james.smtpserver.dsn.DSNMailParameterHook;
import org.apache.james.smtpserver.dsn.DSNMessageHook;
import org.apache.james.smtpserver.dsn.DSNRcptParameterHook;

/**
 * FOR MEASUREMENT ONLY, never in production: what every listener runs when {@code caducee.benchmark.rulesOff=true},
 * so that the benchmarks can tell the cost of the trust space's rules. James's own chain, TLS and AUTH as configured
 * in smtpserver.xml and the DSN hooks, and not one Caducée hook: no whitelist, no directory, no audit trail.
 */
final class BenchmarkChainWithoutRules {
    static final List<String> HANDLERS = Stream.concat(
        MxChain.names(DSNEhloHook.class, DSNMailParameterHook.class, DSNRcptParameterHook.class, DSNMessageHook.class)
            .stream(),
        new CoreCmdHandlerLoader().getHandlers().stream()).toList();

    private BenchmarkChainWithoutRules() {
    }
}
