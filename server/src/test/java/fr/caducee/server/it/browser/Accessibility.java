package fr.caducee.server.it.browser;

import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * axe-core (Deque's engine, shipped inside its Selenium jar: nothing is downloaded) run on the page the browser shows,
 * with the WCAG 2.1 A and AA rules, the level RGAA 4 follows.
 */
public final class Accessibility {
    public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Accessibility() {
    }

    /** One failed rule and the elements failing it. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<String> targets) {
        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + "\n      at " + String.join("\n      at ", targets)
                + "\n      see " + helpUrl;
        }
    }

    /** The WCAG 2.1 A/AA violations of the page shown now. */
    public static List<Violation> violations(Browser browser) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(browser.driver());
        if (results.isErrored()) {
            throw new IllegalStateException("axe-core failed on " + browser.url() + ": " + results.getErrorMessage());
        }
        return results.getViolations().stream().map(Accessibility::violation).toList();
    }

    /** Fails with one paragraph per violation (rule, impact, the elements' selectors, what to do). */
    public static void assertNoViolations(Browser browser, String pageName) {
        List<Violation> violations = violations(browser);
        if (!violations.isEmpty()) {
            throw new AssertionError(describe(pageName + " (" + browser.url() + ")", violations));
        }
    }

    static String describe(String page, List<Violation> violations) {
        return violations.size() + " WCAG 2.1 AA violation(s) on " + page + ":\n"
            + violations.stream().map(violation -> "  - " + violation).collect(Collectors.joining("\n"));
    }

    private static Violation violation(Rule rule) {
        List<String> targets = rule.getNodes().stream().map(Accessibility::target).toList();
        return new Violation(rule.getId(), rule.getImpact(), rule.getHelp(), rule.getHelpUrl(), targets);
    }

    /** axe gives a node's target as a list of selectors (one per frame level), or nested lists for shadow DOM. */
    private static String target(CheckedNode node) {
        Object target = node.getTarget();
        String selector = target instanceof List<?> parts
            ? parts.stream().map(String::valueOf).collect(Collectors.joining(" >>> "))
            : String.valueOf(target);
        String summary = node.getFailureSummary();
        return summary == null ? selector : selector + " — " + summary.replace('\n', ' ');
    }
}
