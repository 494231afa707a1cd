#!/usr/bin/env python3
"""bench/wxr.py FILE POSTS [COMMENTS_PER_POST]: a WordPress export (WXR 1.2) of POSTS posts for bench/import.

Classic-editor bodies of about 300 words in paragraphs (blank lines, single line breaks, a [caption] in every tenth),
nested categories, tags, ten authors, and COMMENTS_PER_POST comments a post, threaded two deep. The words are the
project's own; the file is written as it goes, so any size fits in little memory.
"""
import random
import sys

WORDS = ("harbour quay council ferry tide budget school energy wind farm port crane cargo pier mayor vote storm "
         "bridge rail timetable fishing fleet market bakery library museum festival river flood bank clinic nurse "
         "teacher parents road repairs tram bus station ticket price rent housing plan hearing court ruling report "
         "figures summer winter night morning week month island coast lighthouse keeper trawler catch quota").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def body(rng, n):
    paragraphs = []
    for p in range(6):
        lines = [" ".join(sentence(rng) for _ in range(3)) for _ in range(rng.randint(1, 2))]
        paragraphs.append("\n".join(lines))
    if n % 10 == 0:
        paragraphs.insert(1, f'[caption id="attachment_{n}" align="alignright" width="640"]<img src="https://old.example.org/wp-content/uploads/2024/07/p{n}.jpg" alt="Picture {n}" width="640" height="427" /> Picture {n} at dawn[/caption]')
    return "\n\n".join(paragraphs)


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main():
    path, posts = sys.argv[1], int(sys.argv[2])
    per_post = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench Gazette</title><link>https://old.example.org</link>'
                  '<language>en</language><wp:wxr_version>1.2</wp:wxr_version>\n')
        for a in range(10):
            out.write(f"<wp:author><wp:author_id>{a + 1}</wp:author_id><wp:author_login>{cdata(f'writer{a}')}</wp:author_login>"
                      f"<wp:author_display_name>{cdata(f'Writer Number {a}')}</wp:author_display_name></wp:author>\n")
        categories = []
        for c in range(20):
            parent = categories[c // 4 - 1] if c >= 4 else ""
            slug = f"desk-{c}"
            categories.append(slug)
            out.write(f"<wp:category><wp:term_id>{100 + c}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                      f"<wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(f'Desk {c}')}</wp:cat_name></wp:category>\n")
        for t in range(200):
            out.write(f"<wp:tag><wp:term_id>{1000 + t}</wp:term_id><wp:tag_slug>{cdata(f'topic-{t}')}</wp:tag_slug><wp:tag_name>{cdata(f'Topic {t}')}</wp:tag_name></wp:tag>\n")
        comment_id = 1
        for n in range(1, posts + 1):
            day = 1 + n % 28
            slug = f"story-{n}"
            category = categories[n % len(categories)]
            tags = "".join(f'<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>' for t in {n % 200, (n * 7) % 200})
            out.write(f"<item><title>{cdata(sentence(rng)[:70])}</title><link>https://old.example.org/2024/06/{day:02d}/{slug}/</link>"
                      f"<dc:creator>{cdata(f'writer{n % 10}')}</dc:creator><content:encoded>{cdata(body(rng, n))}</content:encoded>"
                      f"<excerpt:encoded>{cdata(sentence(rng))}</excerpt:encoded><wp:post_id>{n}</wp:post_id>"
                      f"<wp:post_date_gmt>2024-06-{day:02d} 08:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
                      f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:comment_status>open</wp:comment_status>"
                      f'<category domain="category" nicename="{category}">{cdata(category)}</category>{tags}')
            first = comment_id
            for k in range(per_post):
                parent = first if k > 0 and k % 2 == 1 else 0
                out.write(f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata(f'Reader {comment_id % 97}')}</wp:comment_author>"
                          f"<wp:comment_author_email>reader{comment_id % 97}@example.org</wp:comment_author_email>"
                          f"<wp:comment_author_IP>198.51.100.{comment_id % 250}</wp:comment_author_IP>"
                          f"<wp:comment_date_gmt>2024-06-{day:02d} 09:{k % 60:02d}:00</wp:comment_date_gmt>"
                          f"<wp:comment_content>{cdata(sentence(rng))}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                          f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
