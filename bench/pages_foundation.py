from bench.harness import Page

PAGES = [
    Page("login page (anonymous)", None, lambda: "/konto/logga-in/"),
    Page("association picker", "chef", lambda: "/"),
    Page("association overview (VVND)", "ekonom", lambda: "/f/vvnd/"),
]
