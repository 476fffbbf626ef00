"""The reading site: the lessons as static web pages, with sliders that need no kernel.

``course site`` (``make site``) builds it with :func:`incentives.site.builder.build` from the
student's lessons and the course's own templates (templates/). A student's edition ships
it: it reads only lessons/, never the solutions or the grading.
"""
