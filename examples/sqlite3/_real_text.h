// Writes a double the way the sqlite3 CLI prints a REAL by default: SQLite's printf format
// "%!.15g", that is 15 significant digits, fixed notation for decimal exponents -4..14 and
// exponential notation otherwise, trailing zeros dropped but one digit always kept after the
// point ("100.0", "0.1", "1.0e+20", "1.23456789012346e+17", "1.0e-05"). -0.0 prints as "0.0" and
// infinities as "Inf" and "-Inf", as the CLI does (SQLite stores no NaN).
//
// The digits are exact: the double is expanded into its full decimal value with a small big
// integer (m × 2^e is at most 767 digits) and rounded half-up to 15 digits, so no floating-point
// arithmetic can make the last digit differ from one machine to the next.
#ifndef QIP_REAL_TEXT_H
#define QIP_REAL_TEXT_H

#include <stdint.h>

#include "../include/qip_writer.h"

#define REAL_DIGITS 15
#define BIG_LIMBS 100 // base 10^9: room for 900 digits
#define BIG_BASE 1000000000u

typedef struct {
  u32 limbs[BIG_LIMBS]; // least significant first
  u32 count;
} big_decimal;

static void big_multiply(big_decimal *b, u32 factor) {
  uint64_t carry = 0;
  for (u32 i = 0; i < b->count; i++) {
    carry += (uint64_t)b->limbs[i] * factor;
    b->limbs[i] = (u32)(carry % BIG_BASE);
    carry /= BIG_BASE;
  }
  while (carry != 0 && b->count < BIG_LIMBS) {
    b->limbs[b->count++] = (u32)(carry % BIG_BASE);
    carry /= BIG_BASE;
  }
}

// Writes the decimal digits of `b` (no leading zeros) to `digits`; returns how many.
static u32 big_digits(const big_decimal *b, u8 *digits) {
  u32 n = 0;
  u32 top = b->limbs[b->count - 1];
  u8 first[9];
  u32 f = 0;
  do {
    first[f++] = (u8)('0' + top % 10);
    top /= 10;
  } while (top != 0);
  while (f > 0) digits[n++] = first[--f];
  for (u32 i = b->count - 1; i-- > 0;) {
    u32 limb = b->limbs[i];
    for (u32 d = 9; d-- > 0;) {
      digits[n + d] = (u8)('0' + limb % 10);
      limb /= 10;
    }
    n += 9;
  }
  return n;
}

static void put_real(qip_writer *w, double value) {
  uint64_t bits;
  __builtin_memcpy(&bits, &value, 8);
  if (bits >> 63) {
    bits &= ~((uint64_t)1 << 63);
    if (bits != 0) put_byte(w, '-'); // -0.0 has no sign in SQLite's printf
  }
  u32 biased = (u32)(bits >> 52);
  uint64_t mantissa = bits & (((uint64_t)1 << 52) - 1);
  if (biased == 0x7FF) {
    put_str(w, mantissa == 0 ? "Inf" : "NaN");
    return;
  }
  if (bits == 0) {
    put_str(w, "0.0");
    return;
  }
  int binary_exponent = biased == 0 ? -1074 : (int)biased - 1075;
  if (biased != 0) mantissa |= (uint64_t)1 << 52;

  // value = mantissa × 2^binary_exponent = big × 10^decimal_shift, with big an integer.
  static big_decimal big;
  big.count = 0;
  while (mantissa != 0) {
    big.limbs[big.count++] = (u32)(mantissa % BIG_BASE);
    mantissa /= BIG_BASE;
  }
  int decimal_shift = 0;
  if (binary_exponent >= 0) {
    for (int e = binary_exponent; e > 0; e -= 29) big_multiply(&big, 1u << (e < 29 ? e : 29));
  } else {
    decimal_shift = binary_exponent; // m / 2^k = m × 5^k / 10^k
    for (int e = -binary_exponent; e > 0; e -= 13) {
      u32 power = 1;
      for (int i = 0; i < (e < 13 ? e : 13); i++) power *= 5;
      big_multiply(&big, power);
    }
  }
  static u8 digits[BIG_LIMBS * 9 + 1];
  u32 n = big_digits(&big, digits);
  int exponent = (int)n + decimal_shift - 1; // of the first digit

  if (n > REAL_DIGITS) {
    // Half-up on the exact value. The sqlite3 CLI (3.40) rounds in long double instead, and
    // so goes either way on an exact tie (369.6441650390625 prints as 369.644165039062, but
    // 1234567890123.125 as 1234567890123.13); ties need a short binary fraction of 16 digits.
    int carry = digits[REAL_DIGITS] >= '5';
    n = REAL_DIGITS;
    for (u32 i = n; carry && i-- > 0;) {
      if (digits[i] == '9') {
        digits[i] = '0';
      } else {
        digits[i]++;
        carry = 0;
      }
    }
    if (carry) { // 999… rounded up to 1000…
      digits[0] = '1';
      n = 1;
      exponent++;
    }
  }
  while (n > 1 && digits[n - 1] == '0') n--;

  if (exponent < -4 || exponent >= REAL_DIGITS) {
    put_byte(w, digits[0]);
    put_byte(w, '.');
    if (n > 1) put_bytes(w, digits + 1, n - 1);
    else put_byte(w, '0');
    put_byte(w, 'e');
    put_byte(w, exponent < 0 ? '-' : '+');
    put_uint_padded(w, (u32)(exponent < 0 ? -exponent : exponent), 2, '0');
  } else if (exponent >= 0) {
    for (int i = 0; i <= exponent; i++) put_byte(w, (u32)i < n ? digits[i] : '0');
    put_byte(w, '.');
    if (n > (u32)exponent + 1) put_bytes(w, digits + exponent + 1, n - (u32)exponent - 1);
    else put_byte(w, '0');
  } else {
    put_str(w, "0.");
    for (int i = -1; i > exponent; i--) put_byte(w, '0');
    put_bytes(w, digits, n);
  }
}

#endif
