package fr.caducee.server.it.browser;

import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.Dimension;

/**
 * A page usable on a phone: at 360 CSS px wide nothing scrolls sideways (WCAG 2.1 reflow asks it at 320), no text is
 * squeezed into a column a few letters wide (a table's caption once its table is laid out as blocks), and every
 * control is at least 24x24 CSS px (WCAG 2.2's target size, a bar above 2.1 that fingers need).
 * <p>Exempt, as WCAG 2.2 allows: a link inside a sentence; a checkbox or radio button whose label is large enough
 * (clicking the label acts on it); elements not shown, or shown at 1 px or less (the visually hidden text written for
 * screen readers).
 */
public final class Layout360 {
    public static final int MIN_TARGET = 24;

    private static final String SIZE_SCRIPT = """
        const root = document.scrollingElement || document.documentElement;
        return [root.clientWidth, root.scrollWidth];
        """;

    private static final String WIDE_ELEMENTS_SCRIPT = """
        const limit = (document.scrollingElement || document.documentElement).clientWidth;
        const wide = [];
        for (const element of document.body.querySelectorAll('*')) {
          const box = element.getBoundingClientRect();
          if (box.right > limit + 0.5 && !(element.parentElement && element.parentElement.getBoundingClientRect().right > limit + 0.5)) {
            wide.push(describe(element) + ' ends at ' + Math.round(box.right) + ' px');
          }
        }
        return wide.slice(0, 10);
        """;

    /** Names an element in a message: tag, id, name and the start of its text. */
    private static final String DESCRIBE = """
        function describe(element) {
          const text = (element.innerText || element.value || element.getAttribute('aria-label') || '').trim().slice(0, 40);
          return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
            + (element.name ? '[name=' + element.name + ']' : '') + (text ? ' "' + text + '"' : '');
        }
        """;

    private static final String SMALL_TARGETS_SCRIPT = """
        const minimum = arguments[0];
        const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role=button], [role=link]';
        const bigEnough = box => box.width >= minimum && box.height >= minimum;
        const small = [];
        for (const element of document.querySelectorAll(controls)) {
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          if (style.display === 'none' || style.visibility === 'hidden' || (box.width <= 1 && box.height <= 1) || bigEnough(box)) {
            continue;
          }
          // In a sentence: text of its own stands beside the link, within the same parent.
          const inSentence = element.tagName === 'A' && style.display === 'inline' && [...element.parentNode.childNodes]
            .some(node => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '');
          const labelled = (element.type === 'checkbox' || element.type === 'radio') && element.labels
            && [...element.labels].some(label => bigEnough(label.getBoundingClientRect()));
          if (!inSentence && !labelled) {
            small.push(describe(element) + ' is ' + Math.round(box.width) + 'x' + Math.round(box.height) + ' px');
          }
        }
        return small;
        """;

    /** Elements holding a sentence of their own (15 letters or more) drawn less than three characters wide. */
    private static final String SQUEEZED_SCRIPT = """
        const squeezed = [];
        for (const element of document.body.querySelectorAll('*')) {
          const own = [...element.childNodes].filter(node => node.nodeType === Node.TEXT_NODE)
            .map(node => node.textContent).join('').replace(/\\s+/g, '');
          if (own.length < 15) {
            continue;
          }
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          if (style.display === 'none' || style.visibility === 'hidden' || box.width <= 1) {
            continue;
          }
          if (box.width < 3 * parseFloat(style.fontSize)) {
            squeezed.push(describe(element) + ' is squeezed into ' + Math.round(box.width) + ' px');
          }
        }
        return squeezed.slice(0, 10);
        """;

    private Layout360() {
    }

    /** Checks the page shown now in a {@link Browser#PHONE} viewport, then gives the viewport its size back. */
    public static void assertUsableAt360(Browser browser, String pageName) {
        Dimension before = browser.viewport();
        browser.viewport(Browser.PHONE);
        try {
            List<String> problems = new ArrayList<>(horizontalOverflow(browser));
            problems.addAll(squeezedText(browser));
            problems.addAll(smallTargets(browser));
            if (!problems.isEmpty()) {
                throw new AssertionError(pageName + " (" + browser.url() + ") at " + Browser.PHONE.getWidth()
                    + " px wide:\n  - " + String.join("\n  - ", problems));
            }
        } finally {
            browser.viewport(before);
        }
    }

    /** Empty when the page does not scroll sideways; else the width it needs and the elements sticking out. */
    public static List<String> horizontalOverflow(Browser browser) {
        List<?> sizes = (List<?>) browser.script(SIZE_SCRIPT);
        long clientWidth = ((Number) sizes.get(0)).longValue();
        long scrollWidth = ((Number) sizes.get(1)).longValue();
        if (scrollWidth <= clientWidth) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        problems.add("the page scrolls sideways: " + scrollWidth + " px of content in " + clientWidth + " px");
        for (Object wide : (List<?>) browser.script(DESCRIBE + WIDE_ELEMENTS_SCRIPT)) {
            problems.add(String.valueOf(wide));
        }
        return problems;
    }

    /** The texts drawn in a column a few characters wide, one line per letter or so. */
    public static List<String> squeezedText(Browser browser) {
        return ((List<?>) browser.script(DESCRIBE + SQUEEZED_SCRIPT)).stream().map(String::valueOf).toList();
    }

    /** The controls smaller than {@link #MIN_TARGET} px in width or height, with their size. */
    public static List<String> smallTargets(Browser browser) {
        return ((List<?>) browser.script(DESCRIBE + SMALL_TARGETS_SCRIPT, MIN_TARGET)).stream()
            .map(String::valueOf).toList();
    }
}
