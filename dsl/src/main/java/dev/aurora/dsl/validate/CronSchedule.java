package dev.aurora.dsl.validate;

import java.util.List;
import java.util.Locale;

/**
 * The scheduler's crontab grammar: five fields {@code minute hour day-of-month month day-of-week}, each a comma
 * list of {@code *}, {@code n}, {@code a-b}, {@code *}/{@code s} or {@code a-b/s}; month and weekday names;
 * weekdays 0-6; day-of-month and day-of-week may not both be restricted; no {@code @hourly} shorthands.
 */
public final class CronSchedule {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};

  private CronSchedule() {}

  /** @return null when valid, else why not. */
  public static String problem(String schedule) {
    String[] fields = schedule.trim().split("\\s+");
    if (fields.length != 5) {
      return "expected 5 fields (minute hour day-of-month month day-of-week), got " + fields.length;
    }
    for (int i = 0; i < 5; i++) {
      String problem = fieldProblem(fields[i], i);
      if (problem != null) {
        return "bad " + FIELD_NAMES[i] + " '" + fields[i] + "': " + problem;
      }
    }
    if (!fields[2].equals("*") && !fields[4].equals("*")) {
      return "day of month and day of week may not both be specified";
    }
    return null;
  }

  private static String fieldProblem(String field, int index) {
    for (String item : field.split(",", -1)) {
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        Integer step = number(item.substring(slash + 1), -1);
        if (step == null || step <= 0) {
          return "step must be a positive number";
        }
      }
      if (range.equals("*")) {
        continue;
      }
      if (slash >= 0 && !range.contains("-")) {
        return "a step needs * or a range before it";
      }
      String[] bounds = range.split("-", -1);
      if (bounds.length > 2) {
        return "malformed range";
      }
      int previous = Integer.MIN_VALUE;
      for (String bound : bounds) {
        Integer value = number(bound, index);
        if (value == null) {
          return "'" + bound + "' is not a value";
        }
        if (value < RANGES[index][0] || value > RANGES[index][1]) {
          return value + " is outside " + RANGES[index][0] + "-" + RANGES[index][1];
        }
        if (value < previous) {
          return "range end is before its start";
        }
        previous = value;
      }
    }
    return null;
  }

  private static Integer number(String text, int index) {
    if (text.matches("\\d+")) {
      return text.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(text);
    }
    String upper = text.toUpperCase(Locale.ROOT);
    if (index == 3 && MONTHS.contains(upper)) {
      return MONTHS.indexOf(upper) + 1;
    }
    if (index == 4 && DAYS.contains(upper)) {
      return DAYS.indexOf(upper);
    }
    return null;
  }
}
