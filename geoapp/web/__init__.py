"""The web layer: thin Flask views that connect the store to the maps and the API."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every blueprint of the web layer."""
    from geoapp.web import (
        account,
        activities,
        api,
        api_write,
        auth,
        caching,
        data,
        db,
        downloads,
        embed,
        errors,
        health,
        i18n,
        links,
        pages,
        partnerships,
        places,
        practices,
        review,
        security,
    )
    from geoapp.web import candidates as candidates_web
    from geoapp.web.compression import compress
    from geoapp.web.tiles import bp as tiles_bp

    # Registered first, so that it runs after every other after_request (CSP nonces...).
    app.after_request(compress)
    db.init_app(app)
    caching.init_app(app)
    errors.init_app(app)
    links.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    api_write.init_app(app)
    app.register_blueprint(tiles_bp)
    i18n.init_app(app)
    pages.init_app(app)
    app.register_blueprint(data.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(candidates_web.bp)
    app.register_blueprint(practices.bp)
    auth.init_app(app)
    for blueprint in (partnerships.bp, activities.bp, places.bp, review.bp, account.bp):
        app.register_blueprint(blueprint)
    security.init_app(app)
