package fr.caducee.server.it.browser;

import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A person using the keyboard alone: Tab from control to control, type, Enter; and what they must see, the focus.
 * Keys go to the page as real key events, so the page's own tab order decides where the focus goes.
 */
public final class Keyboard {
    private static final String FOCUS_STYLE_SCRIPT = """
        const element = document.activeElement;
        const style = getComputedStyle(element);
        return [style.outlineStyle, style.outlineWidth];
        """;

    private Keyboard() {
    }

    /**
     * Presses Tab until {@code target} has the focus, at most {@code maxPresses} times; returns how many presses it
     * took. Fails listing the elements the focus went through.
     */
    public static int tabTo(Browser browser, By target, int maxPresses) {
        WebElement wanted = browser.find(target);
        List<String> path = new ArrayList<>();
        for (int presses = 1; presses <= maxPresses; presses++) {
            press(browser, Keys.TAB);
            WebElement focused = focused(browser);
            if (focused.equals(wanted)) {
                return presses;
            }
            path.add(describe(focused));
        }
        throw new AssertionError(target + " not reached in " + maxPresses + " presses of Tab on " + browser.url()
            + "; the focus went through: " + String.join(", ", path));
    }

    /** Types into the focused element, as keys. */
    public static void type(Browser browser, CharSequence text) {
        new Actions(browser.driver()).sendKeys(text).perform();
    }

    /** Enter: submits the form of a focused field, follows a focused link, presses a focused button. */
    public static void enter(Browser browser) {
        press(browser, Keys.ENTER);
    }

    /** Space: ticks a focused checkbox or presses a focused button. */
    public static void space(Browser browser) {
        press(browser, Keys.SPACE);
    }

    public static WebElement focused(Browser browser) {
        return browser.driver().switchTo().activeElement();
    }

    /** The focused element has an outline drawn (Chromium's own focus ring counts: style {@code auto}). */
    public static void assertFocusVisible(Browser browser) {
        List<?> outline = (List<?>) browser.script(FOCUS_STYLE_SCRIPT);
        String style = String.valueOf(outline.get(0));
        String width = String.valueOf(outline.get(1));
        if ("none".equals(style) || "0px".equals(width)) {
            throw new AssertionError("the focus is not visible on " + describe(focused(browser)) + " ("
                + browser.url() + "): outline " + style + " " + width);
        }
    }

    private static void press(Browser browser, Keys key) {
        new Actions(browser.driver()).sendKeys(key).perform();
    }

    /** {@code a#id[name=x][href=/y] "text"}: enough to find the element in the page's source. */
    private static String describe(WebElement element) {
        StringBuilder description = new StringBuilder(element.getTagName());
        String id = element.getDomAttribute("id");
        if (id != null && !id.isEmpty()) {
            description.append('#').append(id);
        }
        for (String name : List.of("name", "href")) {
            String value = element.getDomAttribute(name);
            if (value != null && !value.isEmpty()) {
                description.append('[').append(name).append('=').append(value).append(']');
            }
        }
        String text = element.getText().strip();
        return text.isEmpty() ? description.toString() : description + " \"" + abbreviate(text) + "\"";
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 30) + "…";
    }
}
