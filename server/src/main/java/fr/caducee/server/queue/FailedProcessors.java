package fr.caducee.server.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.mailetcontainer.impl.CompositeProcessorImpl;
import org.apache.james.mailetcontainer.lib.AbstractStateMailetProcessor;
import org.apache.mailet.Mailet;

/**
 * Where a mail kept in a repository failed: James writes the failing mailet's name in the mail's error
 * ({@code Exception calling <mailet>: ...}) but not its processor; the mailet container's configuration says which
 * processors hold a mailet of that name. {@code caducee repository reprocess} starts the mail again there when only one
 * processor holds it.
 */
public class FailedProcessors {
    private static final Pattern OFFENDER = Pattern.compile("^\\s*Exception calling (\\S+?):");

    private final CompositeProcessorImpl container;

    @Inject
    public FailedProcessors(CompositeProcessorImpl container) {
        this.container = container;
    }

    /** The mailet a James error message names, if it names one. */
    public static Optional<String> failingMailet(String error) {
        if (error == null) {
            return Optional.empty();
        }
        Matcher offender = OFFENDER.matcher(error);
        return offender.find() ? Optional.of(offender.group(1)) : Optional.empty();
    }

    /** The processors, in the configuration's order, that hold a mailet named {@code mailet}. */
    public List<String> holding(String mailet) {
        List<String> processors = new ArrayList<>();
        for (String state : container.getProcessorStates()) {
            MailProcessor processor = container.getProcessor(state);
            if (processor instanceof AbstractStateMailetProcessor mailets) {
                for (Mailet candidate : mailets.getMailets()) {
                    if (candidate.getMailetConfig() != null && mailet.equals(candidate.getMailetConfig().getMailetName())) {
                        processors.add(state);
                        break;
                    }
                }
            }
        }
        return processors;
    }
}
