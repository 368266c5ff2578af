package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import fr.caducee.server.check.Findings;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * {@code caducee show}: the effective configuration, like {@code postconf -n} / {@code doveconf -n}: the settings given
 * (in caducee.properties or on the command line) with where each came from; {@code --all} every setting, defaults
 * included. A secret's value is never printed: only where it comes from.
 */
@Command(name = "show", description = "Print the effective configuration, secrets left out.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    ConfigurationOptions configuration;

    @Option(names = "--all", description = "Every setting, with its default when not given.")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigurationOptions.quietLogs();
        Map<String, String> environment = System.getenv();
        Findings findings = new Findings();
        Settings settings = Settings.check(configuration.commandLine(System.getProperties(), environment),
            environment, findings::add);
        PrintWriter out = spec.commandLine().getOut();
        lines(settings, all).forEach(out::println);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        findings.lines().forEach(err::println);
        err.flush();
        return findings.hasProblems() ? Caducee.PROBLEMS : Caducee.DONE;
    }

    /** {@code key = value  # where}, one per setting; secrets as {@code (secret, from ...)}. */
    static List<String> lines(Settings settings, boolean all) {
        List<String> lines = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.perId()) {
                continue;
            }
            String origin = settings.origin(setting).orElse(null);
            if (setting.kind() == Setting.Kind.SECRET) {
                if (origin != null || all) {
                    lines.add(setting.key() + " = (secret, " + (origin == null ? "not set" : "from " + origin) + ")");
                }
            } else if (setting.kind() == Setting.Kind.SET_BY_SERVER) {
                if (all) {
                    lines.add(setting.key() + " = (set by the server at start)");
                }
            } else if (origin != null) {
                lines.add(setting.key() + " = " + settings.text(setting) + "  # " + origin);
            } else if (all) {
                lines.add(setting.key() + " = " + settings.text(setting) + "  # default");
            }
        }
        settings.givenPerIdOrigins().forEach((key, origin) ->
            lines.add(key + " = " + settings.perIdValue(key).orElse("") + "  # " + origin));
        return lines;
    }
}
