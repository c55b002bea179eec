package io.github.kafkarouted.connector.validation.json;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The ISO-8601 date and date-time shapes accepted for DATE, TIMESTAMP and TIMESTAMP_NTZ, and their
 * values in Spark's representation (days and microseconds since the epoch). Allocation-free except
 * for a timestamp without offset in a zone with rules.
 */
final class IsoDateTime {
  private static final int DATE_LENGTH = 10;
  private static final int MIN_DATE_TIME_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss
  private static final int MAX_FRACTION_DIGITS = 9;

  private IsoDateTime() {}

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  /** Days since 1970-01-01 of a string that {@link #isDate} accepted (Spark's DATE value). */
  static int epochDay(char[] s, int offset) {
    return (int) daysFromCivil(digits(s, offset, 4), digits(s, offset + 5, 2), digits(s, offset + 8, 2));
  }

  /**
   * Microseconds since the epoch of a string that {@link #isTimestamp} accepted (Spark's TIMESTAMP
   * and TIMESTAMP_NTZ values): the fraction is truncated to microseconds as Spark does; a string
   * without offset is read in {@code zone}, or as UTC when {@code zone} is null (TIMESTAMP_NTZ).
   */
  static long micros(char[] s, int offset, int length, ZoneId zone) {
    int year = digits(s, offset, 4);
    int month = digits(s, offset + 5, 2);
    int day = digits(s, offset + 8, 2);
    int hour = digits(s, offset + 11, 2);
    int minute = digits(s, offset + 14, 2);
    int second = digits(s, offset + 17, 2);
    int end = offset + length;
    int p = offset + MIN_DATE_TIME_LENGTH;
    long fractionMicros = 0;
    if (p < end && s[p] == '.') {
      int scale = 100_000;
      for (p++; p < end && s[p] >= '0' && s[p] <= '9'; p++) {
        fractionMicros += (s[p] - '0') * (long) scale;
        scale /= 10;
      }
    }
    long localSeconds =
        daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    long epochSeconds;
    if (p < end) {
      epochSeconds = localSeconds - offsetSeconds(s, p, end);
    } else if (zone == null) {
      epochSeconds = localSeconds;
    } else {
      epochSeconds = LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toEpochSecond();
    }
    return epochSeconds * MICROS_PER_SECOND + fractionMicros;
  }

  /** The offset at {@code p} ({@code Z|+HH|+HHmm|+HH:mm}) in seconds east of UTC. */
  private static int offsetSeconds(char[] s, int p, int end) {
    if (s[p] == 'Z') {
      return 0;
    }
    int rest = end - p - 1;
    int hours = digits(s, p + 1, 2);
    int minutes = rest == 2 ? 0 : rest == 4 ? digits(s, p + 3, 2) : digits(s, p + 4, 2);
    int seconds = hours * 3600 + minutes * 60;
    return s[p] == '-' ? -seconds : seconds;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long daysFromCivil(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** {@code yyyy-MM-dd}, a real day of the proleptic Gregorian calendar. */
  static boolean isDate(char[] s, int offset, int length) {
    return length == DATE_LENGTH && isDatePrefix(s, offset);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} then, if allowed, {@code Z|±HH|±HHmm|±HH:mm}. */
  static boolean isTimestamp(char[] s, int offset, int length, boolean offsetAllowed) {
    if (length < MIN_DATE_TIME_LENGTH || !isDatePrefix(s, offset) || s[offset + 10] != 'T') {
      return false;
    }
    int hour = digits(s, offset + 11, 2);
    int minute = digits(s, offset + 14, 2);
    int second = digits(s, offset + 17, 2);
    if (hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || s[offset + 13] != ':'
        || s[offset + 16] != ':') {
      return false;
    }
    int end = offset + length;
    int p = afterFraction(s, offset + MIN_DATE_TIME_LENGTH, end);
    if (p < 0) {
      return false;
    }
    return p == end || (offsetAllowed && isOffset(s, p, end));
  }

  /** Position after an optional {@code .f{1,9}} starting at {@code p}, or -1 if malformed. */
  private static int afterFraction(char[] s, int p, int end) {
    if (p == end || s[p] != '.') {
      return p;
    }
    int start = ++p;
    while (p < end && s[p] >= '0' && s[p] <= '9') {
      p++;
    }
    int fractionDigits = p - start;
    return fractionDigits >= 1 && fractionDigits <= MAX_FRACTION_DIGITS ? p : -1;
  }

  private static boolean isOffset(char[] s, int p, int end) {
    if (s[p] == 'Z') {
      return p + 1 == end;
    }
    if (s[p] != '+' && s[p] != '-') {
      return false;
    }
    int rest = end - p - 1;
    int hours = rest >= 2 ? digits(s, p + 1, 2) : -1;
    int minutes;
    if (rest == 2) {
      minutes = 0;
    } else if (rest == 4) {
      minutes = digits(s, p + 3, 2);
    } else if (rest == 5 && s[p + 3] == ':') {
      minutes = digits(s, p + 4, 2);
    } else {
      return false;
    }
    return hours >= 0
        && minutes >= 0
        && minutes <= 59
        && (hours < 18 || hours == 18 && minutes == 0);
  }

  private static boolean isDatePrefix(char[] s, int offset) {
    int year = digits(s, offset, 4);
    int month = digits(s, offset + 5, 2);
    int day = digits(s, offset + 8, 2);
    return year >= 0
        && s[offset + 4] == '-'
        && s[offset + 7] == '-'
        && month >= 1
        && month <= 12
        && day >= 1
        && day <= daysInMonth(year, month);
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** The non-negative value of {@code count} ASCII digits, or -1 if any is not a digit. */
  private static int digits(char[] s, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
