#!/usr/bin/env python3
"""The 70-line function ratchet (STYLE.md section 7).

Scans the C++ files under src/ tests/ bench/ fuzz/ (tracked, plus new files git does not
ignore), finds every function body at namespace or class scope, and measures it from its
signature line to its closing brace. A function longer than the limit fails unless it is
listed in tools/function_length_baseline.txt ("path:function_name max_lines"); a listed
function fails if it grew beyond its recorded length.

  scripts/function-length.py                    check the tree (exit 1 on a violation)
  scripts/function-length.py --update-baseline  rewrite the baseline from the tree
  scripts/function-length.py --list FILE...     print every function found, with its length
  scripts/function-length.py --self-test        run the scanner against built-in snippets

The scanner is a heuristic, not a C++ parser: it drops comments, string/char literals
(raw strings and digit separators included) and preprocessor lines, then tracks braces.
A '{' at namespace or class scope opens a function body when the declaration before it
has a parameter list and no top-level '=' (so initializers, enums and brace-initialized
variables are not functions). Braces inside a function body (control statements,
lambdas, local classes) belong to that function.
"""

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass

LIMIT = 70
DIRS = ("src", "tests", "bench", "fuzz")
EXTENSIONS = (".cc", ".h", ".cpp", ".hpp")
BASELINE = "tools/function_length_baseline.txt"

# Keywords whose parenthesized operand is not a parameter list.
NON_PARAM_PARENS = {
    "alignas", "__attribute__", "__declspec", "decltype", "noexcept", "requires", "sizeof",
    "alignof", "typeof", "__typeof__", "throw", "explicit", "static_assert", "__extension__",
}
CLASS_KEYS = {"class", "struct", "union"}
ACCESS = {"public", "private", "protected"}
MULTI_PUNCT = ("<=>", "->*", "...", "::", "->", "<<=", ">>=", "==", "!=", "<=", ">=", "&&",
               "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>",
               ".*")
OPERATOR_SYMBOLS = set("+-*/%^&|~!=<>,") | set(MULTI_PUNCT)


@dataclass
class Token:
    text: str
    line: int
    kind: str  # "id", "num", "lit", "punct"


@dataclass
class Function:
    name: str
    line: int
    end: int

    @property
    def length(self):
        return self.end - self.line + 1


def tokenize(src):
    """Yields tokens, skipping comments, preprocessor lines and literal contents."""
    i, n, line = 0, len(src), 1
    at_line_start = True
    ident = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
    number = re.compile(r"\.?[0-9](?:[eEpP][+-]|'(?=[0-9A-Za-z])|[0-9A-Za-z_.])*")
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if c == "\\" and i + 1 < n and src[i + 1] == "\n":  # line splice
            i += 2
            line += 1
            continue
        if src.startswith("//", i):
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
            continue
        if src.startswith("/*", i):
            end = src.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += src.count("\n", i, end)
            i = end
            continue
        if c == "#" and at_line_start:  # preprocessor directive, with continuations
            while i < n and src[i] != "\n":
                if src.startswith("/*", i):
                    end = src.find("*/", i + 2)
                    end = n if end < 0 else end + 2
                    line += src.count("\n", i, end)
                    i = end
                    continue
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
            continue
        at_line_start = False
        m = ident.match(src, i)
        if m:
            word = m.group()
            j = m.end()
            if j < n and src[j] == '"' and word in ("R", "u8R", "uR", "UR", "LR"):
                m2 = re.compile(r'"([^ ()\\\t\n]{0,16})\(').match(src, j)
                if m2:
                    close = ")" + m2.group(1) + '"'
                    end = src.find(close, m2.end())
                    end = n if end < 0 else end + len(close)
                    yield Token('""', line, "lit")
                    line += src.count("\n", i, end)
                    i = end
                    continue
            if j < n and src[j] in "\"'" and word in ("u8", "u", "U", "L"):
                i = j  # encoding prefix: the literal follows
                continue
            yield Token(word, line, "id")
            i = j
            continue
        m = number.match(src, i)
        if m:
            yield Token(m.group(), line, "num")
            i = m.end()
            continue
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            yield Token(c * 2, line, "lit")
            i = j + 1
            continue
        for p in MULTI_PUNCT:
            if src.startswith(p, i):
                yield Token(p, line, "punct")
                i += len(p)
                break
        else:
            yield Token(c, line, "punct")
            i += 1


def merge_operators(tokens):
    """Turns `operator ==`, `operator()`, `operator new[]` into one identifier token."""
    out = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "operator" and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.text in ("(", "[") and i + 2 < len(tokens) and \
                    tokens[i + 2].text == {"(": ")", "[": "]"}[nxt.text]:
                out.append(Token("operator" + nxt.text + tokens[i + 2].text, t.line, "id"))
                i += 3
                continue
            if nxt.text in OPERATOR_SYMBOLS:
                out.append(Token("operator" + nxt.text, t.line, "id"))
                i += 2
                continue
            if nxt.text in ("new", "delete"):
                text = "operator " + nxt.text
                i += 2
                if i + 1 < len(tokens) and tokens[i].text == "[" and tokens[i + 1].text == "]":
                    text += "[]"
                    i += 2
                out.append(Token(text, t.line, "id"))
                continue
            if nxt.text == '""' and i + 2 < len(tokens):  # user-defined literal
                out.append(Token('operator""' + tokens[i + 2].text, t.line, "id"))
                i += 3
                continue
            # Conversion operator: `operator bool`, `operator const T&`; name it by its type.
            j = i + 1
            parts = []
            while j < len(tokens) and tokens[j].text != "(":
                parts.append(tokens[j].text)
                j += 1
            out.append(Token("operator " + "".join(parts), t.line, "id"))
            i = j
            continue
        out.append(t)
        i += 1
    return out


class Declaration:
    """The tokens of one declaration at namespace or class scope, read up to a '{'."""

    def __init__(self):
        self.tokens = []
        self.paren = 0
        self.bracket = 0
        self.angle = 0
        self.has_equals = False
        self.param_end = None  # index just past the last parameter list's ')'
        self.param_name = None  # index of the name before that parameter list
        self.init_list = False  # seen ':' after a parameter list (constructor)
        self.paren_start = []  # (index of '(' , is_param)

    def add(self, tok):
        idx = len(self.tokens)
        self.tokens.append(tok)
        text = tok.text
        if text == "(":
            prev = self.tokens[idx - 1].text if idx > 0 else ""
            is_param = (self.paren == 0 and self.bracket == 0 and self.angle == 0 and
                        not self.init_list and prev not in NON_PARAM_PARENS and
                        prev != "]" and (idx > 0 and self.tokens[idx - 1].kind == "id"
                                         or prev == ">"))
            self.paren_start.append((idx, is_param))
            self.paren += 1
        elif text == ")":
            if self.paren:
                self.paren -= 1
                start, is_param = self.paren_start.pop()
                if is_param:
                    self.param_end = idx + 1
                    self.param_name = start - 1
        elif text == "[":
            self.bracket += 1
        elif text == "]":
            self.bracket = max(0, self.bracket - 1)
        elif self.paren or self.bracket:
            return
        elif text == "<":
            self.angle += 1
        elif text == ">":
            self.angle = max(0, self.angle - 1)
        elif text == ">>":
            self.angle = max(0, self.angle - 2)
        elif self.angle:
            return
        elif text == "=":
            self.has_equals = True
        elif text == ":" and self.param_end is not None:
            self.init_list = True

    def texts(self):
        return [t.text for t in self.tokens]

    def at_top(self):
        return self.paren == 0 and self.bracket == 0

    def classify(self):
        """What a '{' after these tokens opens: function, class, namespace, init or data."""
        texts = self.texts()
        if not self.at_top():
            return "expr"  # a brace inside parentheses: a default argument, a lambda argument
        if self.init_list and self.tokens and (self.tokens[-1].kind == "id" or
                                               texts[-1] == ">"):
            return "init"  # `member_{value}` in a constructor's initializer list
        if "namespace" in texts:
            return "namespace"
        if texts and texts[0] == "extern" and all(t.kind == "lit" for t in self.tokens[1:]):
            return "namespace"
        if self.has_equals or "enum" in texts:
            return "data"
        if self.param_end is not None and not self.angle:
            return "function"
        if any(t in CLASS_KEYS for t in texts):
            return "class"
        return "data"  # `Foo x{1};`, an aggregate, something unknown: not a function

    def start_line(self):
        """The signature line: the first token after any template<...> headers."""
        i = 0
        toks = self.tokens
        while i < len(toks) and toks[i].text == "template":
            i += 1
            depth = 0
            while i < len(toks):
                if toks[i].text == "<":
                    depth += 1
                elif toks[i].text == ">":
                    depth -= 1
                elif toks[i].text == ">>":
                    depth -= 2
                i += 1
                if depth <= 0:
                    break
        while i < len(toks) and toks[i].text in ("[", "]") or \
                (i < len(toks) and i > 0 and toks[i - 1].text == "[" and toks[i].text != "]"):
            i += 1  # leading attributes like [[nodiscard]]
        return toks[min(i, len(toks) - 1)].line

    def function_name(self):
        toks = self.tokens
        i = self.param_name
        name = toks[i].text
        if re.fullmatch(r"[A-Z][A-Z0-9_]{3,}", name):  # TEST(Suite, Name), RC_GTEST_PROP(...)
            args, depth, cur = [], 0, ""
            for t in toks[i + 2:self.param_end - 1]:
                if t.text in "([{<":
                    depth += 1
                elif t.text in ")]}>":
                    depth -= 1
                if t.text == "," and depth == 0:
                    args.append(cur)
                    cur = ""
                else:
                    cur += t.text
            args.append(cur)
            return name + "(" + ",".join(args[:2]) + ")"
        parts = [name]
        j = i - 1
        if j >= 0 and toks[j].text == "~":
            parts.insert(0, "~")
            j -= 1
        while j >= 1 and toks[j].text == "::":
            q = j - 1
            if toks[q].text == ">":  # Foo<T>::Bar: skip the template arguments
                depth = 0
                while q >= 0:
                    depth += {">": 1, ">>": 2, "<": -1}.get(toks[q].text, 0)
                    if depth <= 0:
                        break
                    q -= 1
                q -= 1
            if q < 0 or toks[q].kind != "id":
                break
            parts.insert(0, toks[q].text + "::")
            j = q - 1
        return "".join(parts)

    def class_name(self):
        """`struct [[x]] alignas(8) ns::Name<T> final : Base` -> "Name"."""
        texts = self.texts()
        keys = [k for k, t in enumerate(texts) if t in CLASS_KEYS]
        if not keys:
            return "(anonymous)"
        depth, name = 0, "(anonymous)"
        for tok in self.tokens[keys[0] + 1:]:
            if tok.text in ("[", "("):
                depth += 1
            elif tok.text in ("]", ")"):
                depth -= 1
            elif depth:
                continue
            elif tok.text in ("<", ":", "final"):
                break
            elif tok.kind == "id" and tok.text not in ("alignas", "__attribute__",
                                                          "__declspec"):
                name = tok.text
        return name


def find_functions(src):
    tokens = merge_operators(list(tokenize(src)))
    functions = []
    # Scope stack entries: (kind, name, start_line, saved declaration or None)
    stack = []
    decl = Declaration()

    def in_function():
        return any(s[0] in ("function", "opaque") for s in stack)

    for tok in tokens:
        text = tok.text
        if in_function() or (stack and stack[-1][0] in ("data", "init", "expr")):
            if text == "{":
                stack.append(("opaque", None, None, None))
            elif text == "}":
                kind, name, start, saved = stack.pop()
                if kind == "function":
                    functions.append(Function(name, start, tok.line))
                    decl = Declaration()
                elif kind in ("init", "expr"):
                    decl = saved  # the declaration continues after `member_{...}`
                    decl.add(Token("}", tok.line, "punct"))
                elif kind == "data":
                    decl = Declaration()
            continue
        if text == "{":
            kind = decl.classify() if decl.tokens else "namespace_block"
            if kind == "function":
                scope_prefix = "".join(s[1] + "::" for s in stack if s[0] == "class")
                stack.append(("function", scope_prefix + decl.function_name(),
                              decl.start_line(), None))
            elif kind == "class":
                stack.append(("class", decl.class_name(), None, None))
                decl = Declaration()
            elif kind in ("init", "expr"):
                decl.tokens.append(tok)
                stack.append((kind, None, None, decl))
            elif kind == "data":
                stack.append(("data", None, None, None))
            else:  # namespace, extern "C", or a bare block at namespace scope
                stack.append(("namespace", None, None, None))
                decl = Declaration()
            continue
        if text == "}":
            if stack:
                stack.pop()
            decl = Declaration()
            continue
        if text == ";" and decl.at_top():
            decl = Declaration()
            continue
        if text == ":" and decl.tokens and len(decl.tokens) == 1 and decl.tokens[0].text in ACCESS:
            decl = Declaration()
            continue
        decl.add(tok)
    return functions


def source_files(root):
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *DIRS],
            cwd=root, check=True, capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        sys.exit(f"function-length: cannot list files with git in {root}: {e}")
    files = sorted({f for f in out.splitlines() if f.endswith(EXTENSIONS)})
    return [f for f in files if os.path.isfile(os.path.join(root, f))]


def scan(root, files):
    result = []
    for path in files:
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            src = f.read()
        for fn in find_functions(src):
            result.append((path, fn))
    return result


def read_baseline(path):
    entries = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                key, max_lines = line.rsplit(None, 1)
                entries[key] = int(max_lines)
            except ValueError:
                sys.exit(f"{path}:{number}: expected 'path:function_name max_lines', got {raw!r}")
    return entries


def write_baseline(path, found, limit):
    longest = {}
    for file, fn in found:
        if fn.length > limit:
            key = f"{file}:{fn.name}"
            longest[key] = max(longest.get(key, 0), fn.length)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Functions allowed over {limit} lines, at their current length (STYLE.md 7).\n")
        f.write("# Written by `scripts/function-length.py --update-baseline`. Entries may only\n")
        f.write("# shrink or disappear: split a function, then regenerate this file.\n")
        for key in sorted(longest):
            f.write(f"{key} {longest[key]}\n")
    print(f"function-length: wrote {len(longest)} entries to {path}")


def check(found, baseline, limit, baseline_path):
    failures = 0
    seen = set()
    for file, fn in found:
        key = f"{file}:{fn.name}"
        allowed = baseline.get(key)
        if key in baseline:
            seen.add(key)
        if fn.length <= limit:
            continue
        if allowed is None:
            print(f"{file}:{fn.line}: function {fn.name} is {fn.length} lines (limit {limit})")
            failures += 1
        elif fn.length > allowed:
            print(f"{file}:{fn.line}: function {fn.name} is {fn.length} lines "
                  f"(limit {limit}; baseline allows {allowed}, it may not grow)")
            failures += 1
    stale = sorted(set(baseline) - seen)
    if stale:
        print(f"function-length: note: {len(stale)} baseline entries no longer match a function "
              f"(run `scripts/function-length.py --update-baseline` to drop them):")
        for key in stale:
            print(f"  {key}")
    if failures:
        print(f"function-length: {failures} function(s) over {limit} lines. Split them "
              f"(STYLE.md 7); {baseline_path} only grandfathers old code.")
        return 1
    print(f"function-length: ok ({len(found)} functions, limit {limit}, "
          f"{len(baseline)} baseline entries)")
    return 0


SELF_TESTS = [
    # (description, source, expected [(name, line, length)])
    ("free function, comment and string braces", """
int Add(int a, int b) {  // { not a brace
  const char* s = "}}}{";
  char c = '}';
  /* } */
  return a + b;
}
""", [("Add", 2, 6)]),
    ("lambdas and control statements stay inside the function", """
void Run() {
  auto f = [](int x) {
    if (x) { return 1; }
    return 2;
  };
  for (int i = 0; i < 3; ++i) {
    f(i);
  }
}
int After() { return 1; }
""", [("Run", 2, 9), ("After", 11, 1)]),
    ("initializers are not functions", """
constexpr std::array kCodes = {
    Info{1, "a"},
    Info{2, "b"},
};
std::vector<int> v{1, 2, 3};
Foo foo(Bar{1});
enum class Mode : int { kA = 1 << 2, kB };
struct Opts { int x = 1; };
int F(Opts o = {}) { return o.x; }
""", [("F", 10, 1)]),
    ("constructor initializer lists with braces and parens", """
Widget::Widget(int a, std::string b)
    : a_(a),
      b_{std::move(b)},
      c_{Make(a), 2} {
  Init();
}
template <typename T>
Box<T>::Box() : Base<T>{}, v_() {}
""", [("Widget::Widget", 2, 6), ("Box::Box", 9, 1)]),
    ("nested classes, qualifiers, operators, trailing return", """
namespace fermata {
class [[nodiscard]] Outer {
 public:
  struct Inner {
    int Get() const noexcept { return 1; }
  };
  bool operator==(const Outer& o) const = default;
  auto Size() const -> std::size_t {
    return 0;
  }
  explicit operator bool() const { return true; }
  T&& value() && { return std::move(v_); }
  static constexpr int kX = 3;
 private:
  std::function<void(int)> cb_ = [](int) { return; };
};
}  // namespace fermata
""", [("Outer::Inner::Get", 6, 1), ("Outer::Size", 9, 3), ("Outer::operator bool", 12, 1),
      ("Outer::value", 13, 1)]),
    ("macros, raw strings, digit separators, templates, requires", """
#define FERMATA_ASSERT(c) \\
  do {                    \\
    if (!(c)) abort();    \\
  } while (0)
TEST(ResultTest, ValueAndErrorPaths) {
  EXPECT_EQ(1'000'000, F());
  const char* sql = R"sql(
    CREATE TABLE t { x };
  )sql";
}
template <typename T, int N = (1 > 2)>
  requires std::integral<T>
T Twice(T x) {
  return x * 2;
}
extern "C" {
int c_api(void) { return 0; }
}
""", [("TEST(ResultTest,ValueAndErrorPaths)", 6, 6), ("Twice", 12, 5), ("c_api", 18, 1)]),
    ("specializations, deleted members, brace members, lambdas outside functions", """
template <>
struct std::hash<Foo> {
  std::size_t operator()(const Foo& f) const noexcept { return f.x; }
};
class X final : public Y<Z<int>> {
 public:
  X(const X&) = delete;
  ~X() override { Cleanup(); }
 protected:
  struct { int a; } anon_;
  static inline const std::map<int, int> kMap{{1, 2}, {3, 4}};
};
REGISTER_THING(foo, [](int x) {
  return x;
});
bool operator<(const X& a, const X& b) {
  return a.v < b.v && b.v > 0;
}
""", [("hash::operator()", 4, 1), ("X::~X", 9, 1), ("operator<", 17, 3)]),
    ("long function", "void Long() {\n" + "  x();\n" * 80 + "}\n", [("Long", 1, 82)]),
]


def self_test():
    failed = 0
    for description, src, expected in SELF_TESTS:
        got = [(f.name, f.line, f.length) for f in find_functions(src)]
        if got != expected:
            failed += 1
            print(f"FAIL {description}\n  expected {expected}\n  got      {got}")
        else:
            print(f"ok   {description}")
    if failed:
        print(f"function-length self-test: {failed} of {len(SELF_TESTS)} failed")
        return 1
    print(f"function-length self-test: all {len(SELF_TESTS)} passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update-baseline", action="store_true",
                        help="rewrite the baseline with every function now over the limit")
    parser.add_argument("--self-test", action="store_true", help="test the scanner")
    parser.add_argument("--list", action="store_true", help="print every function found")
    parser.add_argument("--limit", type=int, default=LIMIT)
    parser.add_argument("--root", default=None, help="repository root (default: git top level)")
    parser.add_argument("--baseline", default=None, help=f"default: ROOT/{BASELINE}")
    parser.add_argument("files", nargs="*", help="files relative to ROOT (default: all)")
    args = parser.parse_args()

    if args.self_test:
        return self_test()
    root = args.root or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    baseline_path = args.baseline or os.path.join(root, BASELINE)
    files = args.files or source_files(root)
    found = scan(root, files)
    if args.list:
        for file, fn in found:
            print(f"{file}:{fn.line}: {fn.name} {fn.length}")
        return 0
    if args.update_baseline:
        write_baseline(baseline_path, found, args.limit)
        return 0
    return check(found, read_baseline(baseline_path), args.limit, baseline_path)


if __name__ == "__main__":
    sys.exit(main())
