#!/usr/bin/env python3
"""Cross-checks Fermata's ICPN and ISRC validators against python-stdnum.

Usage: cross_check.py PATH_TO_identifier_check

Generates seeded random valid EAN-13, UPC-A and ISRC codes, then mutates each
(a changed digit, two adjacent characters swapped, a character dropped or
added, a letter put in a digit position, lower case, hyphens) and asks both
implementations. Exits 1 listing every disagreement.

Scope, where the two deliberately differ:
  * stdnum.ean also accepts 8- and 14-digit GTINs; Fermata's ICPN is a
    release barcode and accepts only 12 (UPC-A) and 13 (EAN-13) digits. Cases
    whose compacted length is 8 or 14 are therefore compared as "Fermata
    rejects" instead of asking stdnum.
  * Fermata accepts ISRC country prefixes QN, QT, QZ (allocated by the ISRC
    agency to US registrants) and YU (withdrawn ISO code on old recordings);
    stdnum 1.18 does not. Cases with those prefixes are skipped.
  * Inputs are limited to ASCII; both strip spaces and '-'.
On success Fermata's normalised output must equal stdnum's compact form (with
a leading 0 for UPC-A, as Fermata stores EAN-13).
"""
import os
import random
import subprocess
import sys

try:
    from stdnum import ean, isrc
except ImportError:  # The pyenv interpreter on PATH may lack Debian's stdnum.
    if os.path.exists('/usr/bin/python3') and sys.executable != '/usr/bin/python3':
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    raise

SEED = 20240601
CASES_PER_KIND = 400
ISRC_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'SE', 'NL', 'BR', 'CA', 'AU', 'QM', 'ZZ']
SKIPPED_ISRC_PREFIXES = {'QN', 'QT', 'QZ', 'YU'}
ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def with_check(rng, n):
    body = ''.join(rng.choice('0123456789') for _ in range(n - 1))
    return body + ean.calc_check_digit(body)


def random_isrc(rng):
    return (rng.choice(ISRC_COUNTRIES) + ''.join(rng.choice(ALNUM) for _ in range(3)) +
            '%02d' % rng.randrange(100) + '%05d' % rng.randrange(100000))


def mutations(rng, code):
    i = rng.randrange(len(code))
    out = [code]
    changed = code[:i] + rng.choice([d for d in '0123456789' if d != code[i]]) + code[i + 1:]
    out.append(changed)
    j = rng.randrange(len(code) - 1)
    out.append(code[:j] + code[j + 1] + code[j] + code[j + 2:])
    out.append(code[:i] + code[i + 1:])
    out.append(code[:i] + rng.choice('0123456789') + code[i:])
    out.append(code[:i] + rng.choice('ABCXZ') + code[i + 1:])
    out.append(code.lower())
    out.append(code[:4] + '-' + code[4:])
    return out


def generate():
    rng = random.Random(SEED)
    cases = []
    for _ in range(CASES_PER_KIND):
        for n in (12, 13):
            cases += [('ICPN', m) for m in mutations(rng, with_check(rng, n))]
        cases += [('ISRC', m) for m in mutations(rng, random_isrc(rng))]
    return cases


def stdnum_says(kind, value):
    compact = value.replace(' ', '').replace('-', '')
    if kind == 'ICPN':
        if len(compact) not in (12, 13):
            return None
        if not ean.is_valid(value):
            return None
        normal = ean.compact(value)
        return normal if len(normal) == 13 else '0' + normal
    if not isrc.is_valid(value):
        return None
    return isrc.compact(value)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: cross_check.py PATH_TO_identifier_check')
    cases = [c for c in generate()
             if not (c[0] == 'ISRC' and c[1][:2].upper() in SKIPPED_ISRC_PREFIXES)]
    stdin = ''.join('%s %s\n' % c for c in cases)
    proc = subprocess.run([sys.argv[1]], input=stdin, capture_output=True, text=True,
                          check=True)
    answers = proc.stdout.splitlines()
    if len(answers) != len(cases):
        sys.exit('identifier_check answered %d of %d lines' % (len(answers), len(cases)))
    disagreements = []
    for (kind, value), answer in zip(cases, answers):
        expected = stdnum_says(kind, value)
        ours = answer[len('VALID '):] if answer.startswith('VALID ') else None
        if ours != expected:
            disagreements.append('%s %r: fermata %s, stdnum %s' % (kind, value, ours, expected))
    valid = sum(1 for a in answers if a.startswith('VALID'))
    print('%d cases (%d valid), %d disagreements' % (len(cases), valid, len(disagreements)))
    for d in disagreements:
        print('  ' + d)
    return 1 if disagreements else 0


if __name__ == '__main__':
    sys.exit(main())
