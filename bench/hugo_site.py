#!/usr/bin/env python3
"""Turn a Redakt site into a minimal Hugo site with the same editions, for bench/run.sh.

    python3 bench/hugo_site.py REDAKT_SITE HUGO_SITE

Every edition `content/<op>/<policy>/<version>.md` becomes the Hugo page
`content/<op>/<policy>/<version>.md` with the same Markdown body, so Hugo renders it
at `/<op>/<policy>/<version>/`, like Redakt's edition page. Front matter stays TOML
between `+++` lines (Hugo reads it as is); only the keys change:

    version, effective, summary, changes   kept: Hugo makes unknown keys page params
    published                              -> date (Hugo would read `published` as
                                              publishDate, which is not the page date)
    draft                                  kept: Hugo skips drafts as Redakt does
    title                                  the edition's own title, or its `# ` heading,
                                              plus " <version>"

The layouts are plain on purpose: a page shows its title and content, a list page
(home and operator sections) links its pages. No RSS, sitemap or taxonomy pages.
HUGO_SITE must be empty or not exist yet.
"""

import datetime as dt
import os
import sys
import tomllib

CONFIG = """\
baseURL = "https://bench.example.kz/"
languageCode = "ru"
title = "Бенчмарк: портал политик"
# Editions are plain pages: no feeds, sitemap or taxonomy pages.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
# Redakt builds with --date 2026-11-22; never let the clock hide an edition from Hugo.
buildFuture = true
"""

SINGLE = """\
<!DOCTYPE html>
<html lang="ru">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body>
</html>
"""

LIST = """\
<!DOCTYPE html>
<html lang="ru">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</body>
</html>
"""


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dt.date, int, float)):
        return v.isoformat() if isinstance(v, dt.date) else str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise ValueError(f"unsupported front-matter value {v!r}")


def split_edition(path, text):
    if not text.startswith("+++\n"):
        sys.exit(f"hugo_site.py: {path}: no +++ front matter")
    end = text.find("\n+++\n", 3)
    if end < 0:
        sys.exit(f"hugo_site.py: {path}: front matter is not closed with +++")
    return tomllib.loads(text[4:end + 1]), text[end + 5:]


def heading(body):
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def convert_edition(src, dst):
    with open(src, encoding="utf-8") as f:
        fm, body = split_edition(src, f.read())
    fm["date"] = fm.pop("published")
    fm["title"] = f'{fm.get("title") or heading(body)} {fm["version"]}'.strip()
    head = "".join(f"{k} = {toml_value(v)}\n" for k, v in fm.items())
    with open(dst, "w", encoding="utf-8") as f:
        f.write("+++\n" + head + "+++\n" + body)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: hugo_site.py REDAKT_SITE HUGO_SITE")
    src, out = sys.argv[1:]
    content = os.path.join(src, "content")
    if not os.path.isdir(content):
        sys.exit(f"hugo_site.py: {content} is not a folder")
    if os.path.isdir(out) and os.listdir(out):
        sys.exit(f"hugo_site.py: {out} is not empty")

    write(os.path.join(out, "hugo.toml"), CONFIG)
    write(os.path.join(out, "layouts", "_default", "single.html"), SINGLE)
    write(os.path.join(out, "layouts", "_default", "list.html"), LIST)
    count = 0
    for op in sorted(os.listdir(content)):
        op_dir = os.path.join(content, op)
        if op.startswith(".") or not os.path.isdir(op_dir):
            continue
        for pol in sorted(os.listdir(op_dir)):
            pol_dir = os.path.join(op_dir, pol)
            if pol.startswith(".") or not os.path.isdir(pol_dir):
                continue
            dst_dir = os.path.join(out, "content", op, pol)
            os.makedirs(dst_dir)
            for name in sorted(os.listdir(pol_dir)):
                if name.endswith(".md") and not name.startswith((".", "_")):
                    convert_edition(os.path.join(pol_dir, name), os.path.join(dst_dir, name))
                    count += 1
    print(count)


if __name__ == "__main__":
    main()
